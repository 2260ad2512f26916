using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Pool;

/// <summary>The pool manager's log lines (maintenance, health, operator requests, failover, prefill, liveness).</summary>
internal static partial class PoolLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "maintenance: backends closed kind={Kind} count={Count}")]
    public static partial void MaintenanceClosed(ILogger logger, PoolProtocol.MaintenanceKind kind, int count);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "backend gone while idle, found by validation backend={Backend} failure={Failure}")]
    public static partial void IdleBackendGoneAtValidation(ILogger logger, string? backend, string? failure);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "validation failed backend={Backend} failure={Failure}")]
    public static partial void ValidationFailed(ILogger logger, string? backend, string? failure);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "server is down server={Server} reason={Reason}")]
    public static partial void ServerDown(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "server answers again server={Server}")]
    public static partial void ServerAnswersAgain(ILogger logger, string server);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "database disabled database={Database}")]
    public static partial void DatabaseDisabled(ILogger logger, string database);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "database enabled database={Database}")]
    public static partial void DatabaseEnabled(ILogger logger, string database);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "immediate shutdown requested")]
    public static partial void ImmediateShutdownRequested(ILogger logger);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "flush: backends closed or marked mode={Mode} database={Database} count={Count}")]
    public static partial void Flushed(ILogger logger, FlushMode mode, string database, int count);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "graceful shutdown: refusing new clients active={Active}")]
    public static partial void GracefulShutdownBegun(ILogger logger, int active);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "graceful shutdown cancelled")]
    public static partial void GracefulShutdownCancelled(ILogger logger);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "graceful shutdown: no backend in use any more")]
    public static partial void GracefulShutdownDrained(ILogger logger);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "graceful shutdown: flush_timeout passed, stopping now active={Active}")]
    public static partial void GracefulShutdownTimedOut(ILogger logger, int active);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "failover: a backend broke and the server does not accept connections server={Server} failure={Failure}")]
    public static partial void BrokenServerUnreachable(ILogger logger, string server, string? failure);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Error, Message = "failover: no candidate to replace server={Server}")]
    public static partial void NoFailoverCandidate(ILogger logger, string server);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "failover: server does not answer, promoting old={Old} new={New}")]
    public static partial void Promoting(ILogger logger, string old, string @new);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Information, Message = "server state changed server={Server} from={Previous} to={Next}")]
    public static partial void ServerStateChanged(ILogger logger, string server, ServerState previous, ServerState next);

    [LoggerMessage(EventId = 4018, Level = LogLevel.Warning, Message = "prefill stopped key={Key} error={Error}")]
    public static partial void PrefillStopped(ILogger logger, string key, string error);

    [LoggerMessage(EventId = 4019, Level = LogLevel.Information, Message = "backend gone while idle backend={Backend}")]
    public static partial void IdleBackendGone(ILogger logger, string backend);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning,
        Message = "startup_validation: two servers are the same PostgreSQL, no connection goes to the invalid one kept={Kept} invalid={Invalid} rule={Rule} system_identifier={SystemIdentifier}")]
    public static partial void DuplicateServerInvalidated(ILogger logger, string kept, string invalid, string rule, string systemIdentifier);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "startup_validation: server is valid again, no longer found a duplicate server={Server}")]
    public static partial void DuplicateServerValidAgain(ILogger logger, string server);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "backend opened on a server marked invalid meanwhile, not pooled backend={Backend}")]
    public static partial void BackendOnInvalidServer(ILogger logger, string backend);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Information, Message = "cluster budget share max_connections={MaxConnections} rule_max_sizes={RuleMaxSizes}")]
    public static partial void BudgetShare(ILogger logger, int maxConnections, string ruleMaxSizes);
}
