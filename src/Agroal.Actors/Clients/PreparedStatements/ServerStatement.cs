namespace Agroal.Actors.Clients.PreparedStatements;

/// <summary>
/// A statement as the pooler prepares it on backends: a pooler-wide name derived from the statement text and
/// parameter types, and the whole Parse message under that name, ready to be replayed on any backend that lacks it.
/// </summary>
public sealed class ServerStatement
{
    internal ServerStatement(string name, byte[] parseMessage, int nameOffset, int nameLength)
    {
        Name = name;
        ParseMessage = parseMessage;
        NameOffset = nameOffset;
        NameLength = nameLength;
    }

    /// <summary>The name on the backend, "agroal_" and 32 hex digits.</summary>
    public string Name { get; }

    /// <summary>Tag, length, name, query, parameter types: the Parse message as sent to a backend.</summary>
    public byte[] ParseMessage { get; }

    private int NameOffset { get; }

    private int NameLength { get; }

    /// <summary>The name's UTF-8 bytes without the terminating zero.</summary>
    public ReadOnlySpan<byte> NameBytes => ParseMessage.AsSpan(NameOffset, NameLength);

    public override string ToString() => Name;
}
