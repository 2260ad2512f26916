namespace Agroal.Actors.Errors;

/// <summary>Every failure a client or an operator can see, with a stable code (the catalogue is <see cref="PoolerErrors"/>).</summary>
public enum PoolerErrorKind
{
    PoolFull,
    ConnectionRefused,
    BadPassword,
    UnsupportedSecurityModel,
    NoHbaEntry,
    HbaReject,
    TlsRequired,
    ServerFailover,
    ServerUnreachable,
    ServerLoginFailed,
    ProtocolViolation,
    AuthenticationTimeout,
    UnknownUser,
    DatabaseDisabled,
    ShuttingDown,
    BackendLost,
    ClusterNodeNotUp,
}
