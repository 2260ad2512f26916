namespace Agroal.Actors.Cluster;

/// <summary>
/// The coordinator's timings: how long its own probes may take, and how long a majority read or write of the
/// <see cref="PrimaryView"/> may take before it falls back (read) or reports the write as not confirmed.
/// </summary>
public sealed record FailoverCoordinatorSettings(TimeSpan ProbeTimeout, TimeSpan MajorityTimeout)
{
    public static FailoverCoordinatorSettings Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
}
