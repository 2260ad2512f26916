namespace Agroal.Actors.Configuration;

/// <summary>The rules of pgagroal_databases.conf in file order; empty when there is no limits file.</summary>
public sealed record LimitTable(IReadOnlyList<LimitRule> Rules)
{
    public static LimitTable Empty { get; } = new([]);

    /// <summary>
    /// The rule governing (<paramref name="user"/>, <paramref name="database"/>): the first matching rule, replaced
    /// by a later one only when it is more specific. From most to least specific: user and database (or alias),
    /// user and <c>all</c>, <c>all</c> and database, <c>all</c> and <c>all</c>.
    /// </summary>
    public LimitRule? FindRule(string user, string database)
    {
        LimitRule? best = null;
        var bestRank = -1;
        foreach (var rule in Rules)
        {
            var rank = Rank(rule, user, database);
            if (rank > bestRank)
            {
                best = rule;
                bestRank = rank;
            }
        }

        return best;
    }

    /// <summary>The real database behind an alias, or the name itself when it is not an alias.</summary>
    public string ResolveDatabase(string nameOrAlias)
    {
        foreach (var rule in Rules)
        {
            foreach (var alias in rule.Aliases)
            {
                if (string.Equals(alias, nameOrAlias, StringComparison.Ordinal))
                {
                    return rule.Database;
                }
            }
        }

        return nameOrAlias;
    }

    private static int Rank(LimitRule rule, string user, string database)
    {
        var userExact = string.Equals(rule.User, user, StringComparison.Ordinal) && !rule.IsAllUsers;
        var databaseExact = !rule.IsAllDatabases && rule.NamesDatabase(database);
        if (!(userExact || rule.IsAllUsers) || !(databaseExact || rule.IsAllDatabases))
        {
            return -1;
        }

        return (userExact, databaseExact) switch
        {
            (true, true) => 3,
            (true, false) => 2,
            (false, true) => 1,
            _ => 0,
        };
    }
}
