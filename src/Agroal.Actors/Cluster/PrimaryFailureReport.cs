namespace Agroal.Actors.Cluster;

/// <summary>
/// A node tells the failover coordinator that it cannot use the primary (failed connect, broken backend, failed health
/// check). <paramref name="SeenEpoch"/> is the epoch of the view the node had then: a report older than the current
/// view is about a failure that was already handled.
/// </summary>
public sealed record PrimaryFailureReport(
    string Reporter,
    string OldServer,
    string OldHost,
    int OldPort,
    string CandidateServer,
    string CandidateHost,
    int CandidatePort,
    long SeenEpoch,
    string Reason);
