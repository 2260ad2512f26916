namespace Agroal.Cli.Management;

/// <summary>"Did you mean": the known word closest to a typo, by edit distance (a swap of two letters counts once).</summary>
internal static class Suggestions
{
    /// <summary>The closest of <paramref name="known"/>, or null when none is close enough to be a typo of it.</summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var word in known)
        {
            var distance = Distance(typed.ToLowerInvariant(), word.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = word;
                bestDistance = distance;
            }
        }
        // One edit per three letters: "stauts" finds status, "nosuch" finds nothing.
        return best is not null && bestDistance <= Math.Max(1, typed.Length / 3) ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
