namespace Agroal.Actors.Security.Vault;

/// <summary>
/// A users file as lines: comments (<c>#</c> or <c>;</c>) and blank lines are kept verbatim so that a
/// rewrite changes only the entry it touches. Entries are <c>username:base64</c>; user names are unique.
/// </summary>
internal sealed class UsersDocument
{
    private readonly List<string> _lines;
    private readonly List<UsersEntry> _entries;

    private UsersDocument(string path, List<string> lines, List<UsersEntry> entries)
    {
        Path = path;
        _lines = lines;
        _entries = entries;
    }

    internal string Path { get; }

    internal IReadOnlyList<UsersEntry> Entries => _entries;

    internal static UsersDocument Empty(string path) => new(path, [], []);

    internal static VaultResult<UsersDocument> Read(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            return VaultResult<UsersDocument>.Failure($"users file {fullPath} does not exist");
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return VaultResult<UsersDocument>.Failure($"cannot read users file {fullPath}: {e.Message}");
        }

        return Parse(fullPath, lines);
    }

    internal static VaultResult<UsersDocument> Parse(string path, IReadOnlyList<string> lines)
    {
        var kept = new List<string>(lines.Count);
        var entries = new List<UsersEntry>();
        var firstLineOfUser = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index].TrimEnd('\r');
            kept.Add(line);
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#' || text[0] == ';')
            {
                continue;
            }

            var lineNumber = index + 1;
            var colon = text.IndexOf(':');
            if (colon <= 0 || colon == text.Length - 1)
            {
                return VaultResult<UsersDocument>.Failure($"{path} line {lineNumber}: expected username:password");
            }

            var username = text[..colon].Trim();
            if (firstLineOfUser.TryGetValue(username, out var firstLine))
            {
                return VaultResult<UsersDocument>.Failure(
                    $"{path} line {lineNumber}: duplicate user {username} (first defined on line {firstLine})");
            }

            firstLineOfUser[username] = lineNumber;
            entries.Add(new UsersEntry(username, text[(colon + 1)..].Trim(), lineNumber, index));
        }

        return VaultResult<UsersDocument>.Success(new UsersDocument(path, kept, entries));
    }

    internal int IndexOf(string username)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Username, username, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal void Append(string username, string encoded)
    {
        _lines.Add(username + ":" + encoded);
        _entries.Add(new UsersEntry(username, encoded, _lines.Count, _lines.Count - 1));
    }

    internal void Replace(int entryIndex, string encoded)
    {
        var entry = _entries[entryIndex];
        _lines[entry.LineIndex] = entry.Username + ":" + encoded;
        _entries[entryIndex] = entry with { Encoded = encoded };
    }

    internal void Remove(int entryIndex)
    {
        var removed = _entries[entryIndex];
        _lines.RemoveAt(removed.LineIndex);
        _entries.RemoveAt(entryIndex);
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].LineIndex > removed.LineIndex)
            {
                _entries[i] = _entries[i] with { LineIndex = _entries[i].LineIndex - 1, LineNumber = _entries[i].LineNumber - 1 };
            }
        }
    }

    internal string Render()
    {
        return _lines.Count == 0 ? string.Empty : string.Join('\n', _lines) + "\n";
    }
}
