namespace Agroal.Actors.Cluster;

/// <summary>
/// How the failovers the coordinator carried out while it ran on this node ended (agroal_cluster_failover_runs_total).
/// The coordinator counts, the metrics read; a hand-over leaves the counts where the runs happened, so the sum over
/// the nodes is the cluster's.
/// </summary>
public sealed class FailoverRunCounts
{
    public const string SuccessLabel = "success";
    public const string FailureLabel = "failure";
    public const string TimeoutLabel = "timeout";
    public const string AlreadyPromotedLabel = "already_promoted";

    private long _success;
    private long _failure;
    private long _timeout;
    private long _alreadyPromoted;

    /// <summary>failover_script exited 0: the candidate is the primary.</summary>
    public long Success => Interlocked.Read(ref _success);

    /// <summary>failover_script exited with another code (or could not be started).</summary>
    public long Failure => Interlocked.Read(ref _failure);

    /// <summary>failover_script was killed after failover_script_timeout.</summary>
    public long Timeout => Interlocked.Read(ref _timeout);

    /// <summary>The candidate had already left recovery (a coordinator before a hand-over promoted it): the script was not run again.</summary>
    public long AlreadyPromoted => Interlocked.Read(ref _alreadyPromoted);

    internal void CountScript(Failover.ScriptResult result)
    {
        if (result.Succeeded)
        {
            Interlocked.Increment(ref _success);
        }
        else if (result.TimedOut)
        {
            Interlocked.Increment(ref _timeout);
        }
        else
        {
            Interlocked.Increment(ref _failure);
        }
    }

    internal void CountAlreadyPromoted() => Interlocked.Increment(ref _alreadyPromoted);
}
