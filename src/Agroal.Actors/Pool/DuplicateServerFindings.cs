namespace Agroal.Actors.Pool;

/// <summary>
/// What startup_validation = on found at a reload, for the pool to act on: the pairs of sections that are one PostgreSQL,
/// and the sections whose identifier could not be read this time (an invalid server stays invalid when it, or the server
/// it duplicated, is among them, since nothing showed that it stopped being a duplicate).
/// </summary>
public sealed record DuplicateServerFindings(IReadOnlyList<DuplicateServerPair> Pairs, IReadOnlyCollection<string> Unread)
{
    public static readonly DuplicateServerFindings None = new([], []);
}
