using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Failover;

/// <summary>The failover actor's log lines: each script run and how it ended.</summary>
internal static partial class FailoverLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "failover: running script={Script} old_server={OldServer} new_server={NewServer}")]
    public static partial void Running(ILogger logger, string script, string oldServer, string newServer);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "failover: script succeeded key={Key} output={Output}")]
    public static partial void ScriptSucceeded(ILogger logger, string key, string output);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "failover: script failed key={Key} exit_code={ExitCode} output={Output}")]
    public static partial void ScriptFailed(ILogger logger, string key, int exitCode, string output);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "failover: script killed key={Key} timeout_seconds={TimeoutSeconds} output={Output}")]
    public static partial void ScriptTimedOut(ILogger logger, string key, double timeoutSeconds, string output);
}
