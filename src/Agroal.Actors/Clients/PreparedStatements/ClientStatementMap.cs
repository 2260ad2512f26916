using System.Text;

namespace Agroal.Actors.Clients.PreparedStatements;

/// <summary>
/// One client's named statements: the name the client chose mapped to the backend statement. Each client has its
/// own, so two clients may use one name for different statements. Looked up by the name's wire bytes without
/// allocating.
/// </summary>
public sealed class ClientStatementMap
{
    private const int StackNameLimit = 256;

    private readonly Dictionary<string, ServerStatement> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerStatement>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public ClientStatementMap()
    {
        _byChars = _statements.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _statements.Count;

    /// <summary>Defines (or redefines) a client name; returns the name as a string.</summary>
    public string Register(ReadOnlySpan<byte> clientName, ServerStatement statement)
    {
        var name = Encoding.UTF8.GetString(clientName);
        _statements[name] = statement;
        return name;
    }

    public bool TryGet(ReadOnlySpan<byte> clientName, out ServerStatement statement)
    {
        var length = Encoding.UTF8.GetMaxCharCount(clientName.Length);
        if (length > StackNameLimit)
        {
            return _statements.TryGetValue(Encoding.UTF8.GetString(clientName), out statement!);
        }
        Span<char> chars = stackalloc char[StackNameLimit];
        var written = Encoding.UTF8.GetChars(clientName, chars);
        return _byChars.TryGetValue(chars[..written], out statement!);
    }

    public bool TryGet(string clientName, out ServerStatement statement) => _statements.TryGetValue(clientName, out statement!);

    public void Remove(ReadOnlySpan<byte> clientName)
    {
        if (TryGet(clientName, out _))
        {
            _statements.Remove(Encoding.UTF8.GetString(clientName));
        }
    }

    /// <summary>Forgets the name only while it still means <paramref name="statement"/> (a later Parse may have redefined it).</summary>
    public void RemoveIfSame(string clientName, ServerStatement statement)
    {
        if (_statements.TryGetValue(clientName, out var current) && ReferenceEquals(current, statement))
        {
            _statements.Remove(clientName);
        }
    }

    public void Clear() => _statements.Clear();
}
