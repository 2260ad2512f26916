using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Networking.Epoll;

internal static partial class EpollLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "epoll: a connection's handler failed on the loop, closing it: connection={ConnectionId}")]
    public static partial void HandlerFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "socket engine: engine=epoll loops={Loops}")]
    public static partial void EngineStarted(ILogger logger, int loops);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "epoll: cannot accept now, retrying: listener={Listener} errno={Errno} retry_ms={RetryMs}")]
    public static partial void AcceptDeferred(ILogger logger, string listener, int errno, int retryMs);
}
