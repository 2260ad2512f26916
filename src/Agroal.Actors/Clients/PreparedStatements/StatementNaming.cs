using System.Buffers.Binary;
using System.Security.Cryptography;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients.PreparedStatements;

/// <summary>
/// Derives the pooler-wide statement name from what defines a statement (query text and parameter types), so two
/// clients preparing the same statement share one backend statement, and different statements never collide.
/// </summary>
public static class StatementNaming
{
    public const string Prefix = "agroal_";

    /// <summary>Prefix and 128 bits of SHA-256 in hex: 39 bytes, below PostgreSQL's 63-byte identifier limit.</summary>
    public const int NameLength = 7 + 32;

    private const int HeaderAndNameSize = MessageHeader.Size + NameLength + 1;

    /// <summary>
    /// Builds the backend statement for a Parse body whose statement-name field has been skipped:
    /// <paramref name="definition"/> is the query string with its zero, the parameter count and the parameter types.
    /// </summary>
    public static ServerStatement FromDefinition(ReadOnlySpan<byte> definition)
    {
        var message = new byte[HeaderAndNameSize + definition.Length];
        definition.CopyTo(message.AsSpan(HeaderAndNameSize));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(definition, hash);
        message[0] = FrontendTag.Parse;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), message.Length - 1);
        var name = message.AsSpan(MessageHeader.Size, NameLength);
        "agroal_"u8.CopyTo(name);
        for (var i = 0; i < 16; i++)
        {
            name[7 + (2 * i)] = HexDigit(hash[i] >> 4);
            name[8 + (2 * i)] = HexDigit(hash[i] & 0xF);
        }
        message[MessageHeader.Size + NameLength] = 0;
        return new ServerStatement(System.Text.Encoding.ASCII.GetString(name), message, MessageHeader.Size, NameLength);
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
