namespace Agroal.Cli.Management.Shell;

/// <summary>
/// Tab completion for the shell: command words, then what each command takes next (modes, servers, databases,
/// configuration keys). Servers, databases and keys come from the pooler, fetched once when first needed.
/// </summary>
internal sealed class ShellCompleter(Func<ShellCatalog> catalog)
{
    public static readonly string[] Commands =
    [
        "clear", "cluster", "conf", "disable", "enable", "exit", "flush", "help", "history", "ping", "quit", "shutdown", "status", "switch-to", "watch",
    ];

    private ShellCatalog? _catalog;

    /// <summary>The words that can replace the last (partial) word of <paramref name="line"/>, sorted.</summary>
    public IReadOnlyList<string> Complete(string line)
    {
        var words = ShellTokenizer.Split(line);
        var endsWithSpace = line.Length > 0 && char.IsWhiteSpace(line[^1]);
        var partial = endsWithSpace || words.Count == 0 ? "" : words[^1];
        var before = endsWithSpace ? words : words.Take(Math.Max(0, words.Count - 1)).ToList();
        var options = Candidates(before);
        var matches = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            if (option.StartsWith(partial, StringComparison.Ordinal))
            {
                matches.Add(option);
            }
        }
        return [.. matches];
    }

    /// <summary>The longest text every candidate starts with.</summary>
    public static string CommonPrefix(IReadOnlyList<string> candidates)
    {
        if (candidates.Count == 0)
        {
            return "";
        }
        var prefix = candidates[0];
        foreach (var candidate in candidates)
        {
            var length = 0;
            while (length < prefix.Length && length < candidate.Length && prefix[length] == candidate[length])
            {
                length++;
            }
            prefix = prefix[..length];
        }
        return prefix;
    }

    private IEnumerable<string> Candidates(IReadOnlyList<string> before)
    {
        if (before.Count == 0)
        {
            return Commands;
        }
        var command = before[0];
        var position = before.Count;
        return (command, position) switch
        {
            ("flush", 1) => ["gracefully", "idle", "all", .. Catalog.Databases],
            ("flush", 2) when before[1] is "gracefully" or "idle" or "all" => ["all", .. Catalog.Databases],
            ("enable" or "disable", 1) => ["all", .. Catalog.Databases],
            ("switch-to", 1) => Catalog.Servers,
            ("clear", 1) => ["prometheus", "server", .. Catalog.Servers],
            ("clear", 2) when before[1] == "server" => Catalog.Servers,
            ("shutdown", 1) => ["gracefully", "immediate", "cancel"],
            ("status", 1) => ["details"],
            ("watch", 1) => ["status"],
            ("watch", 2) => ["details"],
            ("conf", 1) => ["reload", "get", "set", "ls", "alias"],
            ("cluster", 1) => ["members", "leave", "down"],
            ("conf", 2) when before[1] is "get" or "set" => Catalog.Keys,
            ("help", 1) => Commands,
            _ => [],
        };
    }

    private ShellCatalog Catalog => _catalog ??= catalog();
}
