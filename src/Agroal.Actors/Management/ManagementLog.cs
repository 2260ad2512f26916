using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Management;

/// <summary>The management service's log lines (listeners, remote logins, requests, commands).</summary>
internal static partial class ManagementLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "management: socket in use by another instance path={Path} answering_on={Socket}")]
    public static partial void SocketInUse(ILogger logger, string path, string? socket);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "management: accept failed error={Error}")]
    public static partial void AcceptFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "management: remote login refused peer={Peer} reason=no HBA configured for the management port")]
    public static partial void RemoteLoginWithoutHba(ILogger logger, string peer);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "management: remote login refused user={User} peer={Peer} error={Error}")]
    public static partial void RemoteLoginRefused(ILogger logger, string? user, string peer, string? error);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "management: connection ended peer={Peer} error={Error}")]
    public static partial void ConnectionEnded(ILogger logger, string peer, string error);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "management: the peer closed before sending a whole request")]
    public static partial void TruncatedRequest(ILogger logger);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "management: bad request reason={Reason}")]
    public static partial void BadRequest(ILogger logger, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "management: answering in plain text reason={Reason}")]
    public static partial void PlainTextAnswer(ILogger logger, string reason);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "management: the admins file cannot be opened, remote management refuses every login error={Error}")]
    public static partial void AdminsFileUnreadable(ILogger logger, string? error);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "management: listening socket={Socket} legacy_socket={Legacy} port={Port}")]
    public static partial void Listening(ILogger logger, string socket, string legacy, string port);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "management: cannot listen error={Error}")]
    public static partial void CannotListen(ILogger logger, string error);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "management: command failed command={Command} error={Error} message={Message}")]
    public static partial void CommandFailed(ILogger logger, int command, int error, string? message);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "management: command crashed command={Command}")]
    public static partial void CommandCrashed(ILogger logger, Exception exception, int command);
}
