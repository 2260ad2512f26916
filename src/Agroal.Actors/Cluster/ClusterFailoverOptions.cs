using Agroal.Actors.Pool;

namespace Agroal.Actors.Cluster;

/// <summary>
/// The keys the failover coordinator reads when it runs on this node: failover_script, failover_notify_script,
/// failover_script_timeout, health_check_user (and its password) and the servers. A reload on this node replaces them,
/// so the coordinator's next decision here uses the new values; a script already running finishes with the old ones.
/// The coordinator moves to the oldest member on a hand-over and reads that node's keys there: every node is to be
/// given the same values (reload each node).
/// </summary>
public sealed class ClusterFailoverOptions(PoolOptions initial)
{
    private PoolOptions _current = initial;

    public PoolOptions Current => Volatile.Read(ref _current);

    public void Replace(PoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Volatile.Write(ref _current, options);
    }
}
