namespace Agroal.Actors.Cluster;

/// <summary>
/// The cluster's shared answer to "which server is the primary": the server's name (as in pgagroal.conf) and an epoch
/// that grows by one with every failover or switch-to, so that a node acts on a change once and ignores stale reports.
/// </summary>
public sealed record PrimaryView(string Server, long Epoch);
