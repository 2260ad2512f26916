namespace Agroal.Actors.Cluster;

/// <summary>How a reported primary failure ended.</summary>
public enum FailoverVerdict
{
    /// <summary>failover_script succeeded and the view names the candidate.</summary>
    Promoted,

    /// <summary>The candidate had already left recovery (a previous coordinator ran the script): the view was written, the script not run again.</summary>
    AlreadyPromoted,

    /// <summary>The view had moved past the epoch the reporter saw: another report of the same failure was handled first.</summary>
    AlreadyHandled,

    /// <summary>The coordinator's own probe reached the primary: nothing was done.</summary>
    PrimaryAnswers,

    /// <summary>The script failed or timed out, or the candidate could not be asked whether it is in recovery.</summary>
    Failed,
}
