using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>The follower's log lines: what the node read, what it switched to, what it reported.</summary>
internal static partial class PrimaryViewFollowerLog
{
    [LoggerMessage(EventId = 3211, Level = LogLevel.Information, Message = "primary view: read primary={Primary} epoch={Epoch} from_majority={FromMajority}")]
    public static partial void Read(ILogger logger, string primary, long epoch, bool fromMajority);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Error, Message = "primary view: a majority of the cluster did not answer within timeout_seconds={TimeoutSeconds}; going on with this node's local copy until the view arrives by gossip")]
    public static partial void ReadMajorityFailed(ILogger logger, double timeoutSeconds);

    [LoggerMessage(EventId = 3213, Level = LogLevel.Warning, Message = "primary view: switching primary={Primary} epoch={Epoch}")]
    public static partial void Switching(ILogger logger, string primary, long epoch);

    [LoggerMessage(EventId = 3214, Level = LogLevel.Warning, Message = "primary view: reporting old_server={OldServer} candidate={Candidate} seen_epoch={Epoch}")]
    public static partial void Reporting(ILogger logger, string oldServer, string candidate, long epoch);

    [LoggerMessage(EventId = 3215, Level = LogLevel.Information, Message = "primary view: coordinator answered verdict={Verdict} primary={Primary} epoch={Epoch} detail={Detail}")]
    public static partial void Answered(ILogger logger, FailoverVerdict verdict, string primary, long epoch, string detail);

    [LoggerMessage(EventId = 3216, Level = LogLevel.Warning, Message = "primary view: clearing server={Server} asked_on={Origin}")]
    public static partial void Clearing(ILogger logger, string server, string origin);

    [LoggerMessage(EventId = 3217, Level = LogLevel.Warning, Message = "primary view: a majority did not answer before clear server={Server} within timeout_seconds={TimeoutSeconds}; clearing on this node's copy, which a switch still on its way may undo")]
    public static partial void ClearReadFailed(ILogger logger, string server, double timeoutSeconds);
}
