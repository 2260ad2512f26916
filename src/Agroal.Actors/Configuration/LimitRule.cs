namespace Agroal.Actors.Configuration;

/// <summary>
/// One line of pgagroal_databases.conf with its sizes resolved (<c>all</c> already turned into a number).
/// <see cref="Database"/> and <see cref="User"/> may be <c>all</c>.
/// </summary>
public sealed record LimitRule(
    string Database,
    IReadOnlyList<string> Aliases,
    string User,
    int MaxSize,
    int InitialSize,
    int MinSize,
    int Line)
{
    public const string All = "all";

    /// <summary>Which sizes were written as <c>all</c>: they follow max_connections and the entries before this one
    /// when either changes (on reload and on <c>conf set</c> alike).</summary>
    public LimitSizes SizesGivenAsAll { get; init; }

    public bool IsAllDatabases => Database == All;

    public bool IsAllUsers => User == All;

    /// <summary>True when <paramref name="database"/> is this rule's database or one of its aliases (not via <c>all</c>).</summary>
    public bool NamesDatabase(string database)
    {
        if (string.Equals(Database, database, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var alias in Aliases)
        {
            if (string.Equals(alias, database, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
