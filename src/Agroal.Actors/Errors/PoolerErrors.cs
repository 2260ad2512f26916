using Agroal.Actors.Protocol;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Errors;

/// <summary>The catalogue of client-visible failures.</summary>
public static class PoolerErrors
{
    public static readonly PoolerError PoolFull =
        new(PoolerErrorKind.PoolFull, "EPOOLFULL", SqlState.TooManyConnections, "connection pool is full", LogLevel.Warning);

    public static readonly PoolerError ConnectionRefused =
        new(PoolerErrorKind.ConnectionRefused, "EREFUSED", SqlState.TooManyConnections, "connection refused", LogLevel.Information);

    public static readonly PoolerError ServerFailover =
        new(PoolerErrorKind.ServerFailover, "EFAILOVER", SqlState.TooManyConnections, "server failover", LogLevel.Warning);

    public static readonly PoolerError ShuttingDown =
        new(PoolerErrorKind.ShuttingDown, "ESHUTDOWN", SqlState.CannotConnectNow, "the pooler is shutting down", LogLevel.Information);

    public static readonly PoolerError ClusterNodeNotUp =
        new(PoolerErrorKind.ClusterNodeNotUp, "ECLUSTERJOINING", SqlState.CannotConnectNow,
            "this agroal node is not an Up member of its cluster yet and has no share of the connection budget; connect to another node or retry", LogLevel.Information);

    public static readonly PoolerError AuthenticationTimeout =
        new(PoolerErrorKind.AuthenticationTimeout, "EAUTHTIMEOUT", SqlState.ProtocolViolation, "authentication timeout", LogLevel.Information);

    public static PoolerError BadPassword(string user) =>
        new(PoolerErrorKind.BadPassword, "EBADPASSWORD", SqlState.InvalidPassword, $"password authentication failed for user \"{user}\"", LogLevel.Warning);

    public static PoolerError UnknownUser(string user) =>
        new(PoolerErrorKind.UnknownUser, "EUNKNOWNUSER", SqlState.InvalidPassword, $"password authentication failed for user \"{user}\"", LogLevel.Warning);

    public static PoolerError UnsupportedSecurityModel(string user) =>
        new(PoolerErrorKind.UnsupportedSecurityModel, "EUNSUPPORTEDAUTH", SqlState.InvalidAuthorizationSpecification, $"unsupported security model for user \"{user}\"", LogLevel.Warning);

    public static PoolerError NoHbaEntry(string host, string user, string database) =>
        new(PoolerErrorKind.NoHbaEntry, "ENOHBA", SqlState.InvalidAuthorizationSpecification, $"no pgagroal_hba.conf entry for host \"{host}\", user \"{user}\", database \"{database}\"", LogLevel.Warning);

    public static readonly PoolerError HbaReject =
        new(PoolerErrorKind.HbaReject, "EHBAREJECT", SqlState.InvalidAuthorizationSpecification, "connection refused", LogLevel.Information);

    public static readonly PoolerError TlsRequired =
        new(PoolerErrorKind.TlsRequired, "ETLSREQUIRED", SqlState.InvalidAuthorizationSpecification, "connection refused", LogLevel.Information);

    public static PoolerError DatabaseDisabled(string database) =>
        new(PoolerErrorKind.DatabaseDisabled, "EDBDISABLED", SqlState.TooManyConnections, "connection refused", LogLevel.Information) { Detail = $"database \"{database}\" is disabled" };

    public static PoolerError ProtocolViolation(string message) =>
        new(PoolerErrorKind.ProtocolViolation, "EPROTOCOL", SqlState.ProtocolViolation, message, LogLevel.Information);

    public static PoolerError ServerUnreachable(string server, string reason) =>
        new(PoolerErrorKind.ServerUnreachable, "ESERVERDOWN", SqlState.ConnectionFailure, "connection refused", LogLevel.Error) { Detail = $"server {server}: {reason}" };

    /// <summary>The server answered the pooler's login with an error: the client sees the server's own fields.</summary>
    public static PoolerError ServerLoginFailed(string sqlState, string message) =>
        new(PoolerErrorKind.ServerLoginFailed, "ESERVERLOGIN", sqlState, message, LogLevel.Warning);

    /// <summary>
    /// channel_binding = require and the login could not bind (no TLS, no SCRAM-SHA-256-PLUS offered, another method, or
    /// a pass-through login): refused rather than logged in more weakly than the configuration asks.
    /// </summary>
    public static PoolerError ChannelBindingUnavailable(string server, string reason) =>
        new(PoolerErrorKind.ServerLoginFailed, "ECHANNELBINDING", SqlState.InvalidAuthorizationSpecification,
            $"channel binding required but unavailable for server {server}: {reason}", LogLevel.Error);

    public static readonly PoolerError BackendLost =
        new(PoolerErrorKind.BackendLost, "EBACKENDLOST", SqlState.ConnectionFailure, "server closed the connection unexpectedly", LogLevel.Warning);
}
