using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>The failover coordinator's log lines, one per decision.</summary>
internal static partial class FailoverCoordinatorLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "failover coordinator: report reporter={Reporter} old_server={OldServer} candidate={Candidate} seen_epoch={Epoch} reason={Reason}")]
    public static partial void Reported(ILogger logger, string reporter, string oldServer, string candidate, long epoch, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "failover coordinator: decided verdict={Verdict} primary={Primary} epoch={Epoch} detail={Detail}")]
    public static partial void Decided(ILogger logger, FailoverVerdict verdict, string primary, long epoch, string detail);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "failover coordinator: majority read of the primary view failed, using the local copy timeout_seconds={TimeoutSeconds}")]
    public static partial void ReadMajorityFailed(ILogger logger, double timeoutSeconds);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Error, Message = "failover coordinator: majority write of the primary view not confirmed primary={Primary} epoch={Epoch} timeout_seconds={TimeoutSeconds}")]
    public static partial void WriteMajorityFailed(ILogger logger, string primary, long epoch, double timeoutSeconds);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "failover coordinator: running script old_server={OldServer} new_server={NewServer}")]
    public static partial void RunningScript(ILogger logger, string oldServer, string newServer);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Error, Message = "failover coordinator: script failed exit_code={ExitCode} timed_out={TimedOut} output={Output}")]
    public static partial void ScriptFailed(ILogger logger, int exitCode, bool timedOut, string output);
}
