using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Clients;

public sealed partial class ClientSession
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "connect: client={ClientId} user={User} database={Database} address={Address}")]
        public static partial void Connected(ILogger logger, long clientId, string user, string database, string address);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "disconnect: client={ClientId} user={User} database={Database} address={Address}")]
        public static partial void Disconnected(ILogger logger, long clientId, string user, string database, string address);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "refused: client={ClientId} user={User} database={Database} address={Address} code={Code} reason=\"{Reason}\"")]
        public static partial void Refused(ILogger logger, long clientId, string user, string database, string address, string code, string reason);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "client i/o: client={ClientId} error=\"{Error}\"")]
        public static partial void ClientIoFailed(ILogger logger, long clientId, string error);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "bad startup packet: client={ClientId} address={Address} reason=\"{Reason}\"")]
        public static partial void BadStartup(ILogger logger, long clientId, string address, string reason);

        [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "backend closed: client={ClientId} backend=\"{Backend}\" reason={Reason}")]
        public static partial void BackendDiscarded(ILogger logger, long clientId, string backend, string reason);

        [LoggerMessage(EventId = 2040, Level = LogLevel.Warning, Message = "server_reset_query failed, backend returned dirty (server_reset_query_behavior_on_failure = ignore); no further resets on it: client={ClientId} backend=\"{Backend}\" reason={Reason}")]
        public static partial void ResetFailureIgnored(ILogger logger, long clientId, string backend, string reason);

        [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "cancel: client={ClientId} backend=\"{Backend}\"")]
        public static partial void CancelForwarded(ILogger logger, long clientId, string backend);

        [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "dead backend skipped: client={ClientId} backend=\"{Backend}\" attempt={Attempt}")]
        public static partial void DeadBackendSkipped(ILogger logger, long clientId, string backend, int attempt);

        [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "protocol violation: client={ClientId} reason=\"{Reason}\"")]
        public static partial void ProtocolViolation(ILogger logger, long clientId, string reason);

        [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "authentication timeout: client={ClientId} address={Address}")]
        public static partial void AuthenticationTimedOut(ILogger logger, long clientId, string address);
    }
}
