namespace Agroal.Actors.Pool;

/// <summary>
/// Which server of each duplicate pair a reload marks invalid, as pgagroal's <c>determine_loser</c> (server.c) decides:
/// keep the one with active connections, then the primary, then the one first in pgagroal.conf. Agroal tries one rule
/// before those: a server already invalid stays the loser, so that a reload made for something else never drains the
/// server the clients use and sends them to its twin.
/// </summary>
public static class DuplicateServerTieBreak
{
    /// <summary>The verdict on one pair; <paramref name="first"/> is the pair's First, <paramref name="second"/> its Second.</summary>
    public static DuplicateServerVerdict Choose(DuplicateServerPair pair, DuplicateServerCandidate first, DuplicateServerCandidate second)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (first.AlreadyInvalid != second.AlreadyInvalid)
        {
            return Verdict(pair, keepFirst: second.AlreadyInvalid, DuplicateServerRule.AlreadyInvalid);
        }
        if (first.HasActiveConnections != second.HasActiveConnections)
        {
            return Verdict(pair, keepFirst: first.HasActiveConnections, DuplicateServerRule.ActiveConnections);
        }
        if (first.IsPrimary != second.IsPrimary)
        {
            return Verdict(pair, keepFirst: first.IsPrimary, DuplicateServerRule.Primary);
        }
        return Verdict(pair, keepFirst: first.Index <= second.Index, DuplicateServerRule.ConfigurationOrder);
    }

    /// <summary>
    /// The verdicts on all pairs, taken in the order given (pgagroal's: by the first server, then the second): a pair one
    /// of whose servers an earlier pair has already marked invalid is settled and gets no verdict, so that of three sections
    /// naming one PostgreSQL exactly one stays. A pair naming a server missing from <paramref name="candidates"/> is skipped.
    /// </summary>
    public static IReadOnlyList<DuplicateServerVerdict> Resolve(IReadOnlyList<DuplicateServerPair> pairs,
        IReadOnlyDictionary<string, DuplicateServerCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(candidates);
        var verdicts = new List<DuplicateServerVerdict>();
        var invalidated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            if (invalidated.Contains(pair.First.Name) || invalidated.Contains(pair.Second.Name)
                || !candidates.TryGetValue(pair.First.Name, out var first) || !candidates.TryGetValue(pair.Second.Name, out var second))
            {
                continue;
            }
            var verdict = Choose(pair, first, second);
            invalidated.Add(verdict.Invalidated.Name);
            verdicts.Add(verdict);
        }
        return verdicts;
    }

    private static DuplicateServerVerdict Verdict(DuplicateServerPair pair, bool keepFirst, DuplicateServerRule rule) =>
        keepFirst ? new(pair, pair.First, pair.Second, rule) : new(pair, pair.Second, pair.First, rule);
}
