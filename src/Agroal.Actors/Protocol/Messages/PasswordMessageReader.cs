using System.Buffers;
using System.Buffers.Binary;

namespace Agroal.Actors.Protocol;

/// <summary>Decodes 'p' bodies from a client; which kind it is depends on what the pooler asked for.</summary>
public static class PasswordMessageReader
{
    public static bool TryReadCleartext(in ReadOnlySequence<byte> payload, out string password)
    {
        var span = Payload.Contiguous(payload);
        return Payload.TryReadCString(ref span, out password) && span.IsEmpty;
    }

    /// <summary>The password (cleartext or "md5..."); empty when malformed.</summary>
    public static string ReadCleartext(in ReadOnlySequence<byte> payload) =>
        TryReadCleartext(payload, out var password) ? password : string.Empty;

    /// <summary>SASLInitialResponse: mechanism, int32 length (-1: no data), data.</summary>
    public static bool TryReadSaslInitialResponse(in ReadOnlySequence<byte> payload, out string mechanism, out byte[] data)
    {
        data = [];
        var span = Payload.Contiguous(payload);
        if (!Payload.TryReadCString(ref span, out mechanism) || span.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(span);
        span = span[4..];
        if (length == -1)
        {
            return span.IsEmpty;
        }

        if (length != span.Length)
        {
            return false;
        }

        data = span.ToArray();
        return true;
    }

    /// <summary>Empty mechanism and data when malformed.</summary>
    public static (string Mechanism, byte[] Data) ReadSaslInitialResponse(in ReadOnlySequence<byte> payload) =>
        TryReadSaslInitialResponse(payload, out var mechanism, out var data) ? (mechanism, data) : (string.Empty, []);

    public static byte[] ReadSaslResponse(in ReadOnlySequence<byte> payload) => payload.ToArray();
}
