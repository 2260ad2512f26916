namespace Agroal.Actors.Hosting;

/// <summary>What <see cref="ServerIdentityCheck"/> found: each server's system_identifier, and what stops or warns.</summary>
public sealed class ServerIdentityReport
{
    public Dictionary<string, string> Identifiers { get; } = new(StringComparer.Ordinal);

    /// <summary>With startup_validation = on: reasons to refuse the start (a reload has none).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>With startup_validation = try: the same findings, logged as warnings.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>
    /// On a reload: the pairs of sections (neither <c>primary = on</c>) that are one PostgreSQL, first by configuration
    /// order; with on the pool marks one of each invalid. At start a duplicate is an error or a warning instead.
    /// </summary>
    public List<Pool.DuplicateServerPair> Duplicates { get; } = [];

    public bool Refused => Errors.Count > 0;

    internal void Add(bool error, string message) => (error ? Errors : Warnings).Add(message);
}
