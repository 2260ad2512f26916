using System.Buffers;
using System.Buffers.Binary;

namespace Agroal.Actors.Protocol;

/// <summary>Decodes 'R' bodies sent by PostgreSQL to the pooler.</summary>
public static class AuthenticationRequestReader
{
    public static AuthenticationCode ReadCode(in ReadOnlySequence<byte> payload)
    {
        if (payload.Length < 4)
        {
            return AuthenticationCode.Malformed;
        }

        Span<byte> code = stackalloc byte[4];
        payload.Slice(0, 4).CopyTo(code);
        return (AuthenticationCode)BinaryPrimitives.ReadInt32BigEndian(code);
    }

    /// <summary>The bytes after the code: MD5 salt, SASL challenge or outcome. Empty when there are none.</summary>
    public static byte[] ReadData(in ReadOnlySequence<byte> payload) =>
        payload.Length <= 4 ? [] : payload.Slice(4).ToArray();

    /// <summary>The mechanism names of an AuthenticationSASL body; empty when the body is malformed.</summary>
    public static IReadOnlyList<string> ReadSaslMechanisms(in ReadOnlySequence<byte> payload)
    {
        if (payload.Length < 5)
        {
            return [];
        }

        var span = Payload.Contiguous(payload.Slice(4));
        var mechanisms = new List<string>(2);
        while (!span.IsEmpty && span[0] != 0)
        {
            if (!Payload.TryReadCString(ref span, out var mechanism))
            {
                return [];
            }

            mechanisms.Add(mechanism);
        }

        return mechanisms;
    }
}
