using Akka.Actor;

namespace Agroal.Actors.Pool;

public static partial class PoolProtocol
{
    /// <summary>Asks for the configured servers and their states; the answer is <see cref="Servers"/>.</summary>
    public sealed class GetServers
    {
        public static readonly GetServers Instance = new();

        private GetServers()
        {
        }
    }

    /// <param name="Down">The health check (or a failed dial with health_check on) found it not answering.</param>
    /// <param name="Probed">A health probe has run: <paramref name="Down"/> is a verdict, not a default.</param>
    /// <param name="Errors">Backend logins to this server that failed.</param>
    /// <param name="MajorVersion">PostgreSQL major version seen at login; 0 until known.</param>
    /// <param name="Streaming">-1 primary, 0 standby not streaming, 1 streaming standby; null until a probe told.</param>
    /// <param name="DuplicateOf">Invalid: a reload found it the same PostgreSQL as this server, which was kept; null when valid.</param>
    public sealed record ServerStatus(string Name, string Host, int Port, ServerState State, bool Down,
        bool Probed = false, long Errors = 0, int MajorVersion = 0, int? Streaming = null, string? DuplicateOf = null)
    {
        public bool Invalid => DuplicateOf is not null;
    }

    public sealed record Servers(IReadOnlyList<ServerStatus> List);

    /// <summary>From the failover actor at start: where failover requests go.</summary>
    public sealed record RegisterFailover(IActorRef FailoverActor);

    /// <summary>The failover script ended: success makes <paramref name="NewIndex"/> the primary, anything else fails both.</summary>
    public sealed record FailoverCompleted(int OldIndex, int NewIndex, bool Success);

    /// <summary>
    /// A client's relay lost its backend without a FATAL (the server's socket failed or closed): pgagroal's write-failure
    /// trigger. On the primary, with failover on, the pool checks that the server still accepts connections and fails
    /// over when it does not; a single killed backend therefore never starts a failover.
    /// </summary>
    public sealed record BackendBroken(ServerEndpoint Server);

    internal sealed record CheckPrimary(int ServerIndex, int Attempt);

    internal sealed record PrimaryChecked(int ServerIndex, string? Failure, int Attempt);

    /// <param name="BackendEnded">The check found the backend already ended by the server rather than failing it.</param>
    internal sealed record ValidationCompleted(int SlotId, bool Healthy, string? Failure, bool BackendEnded);

    /// <param name="Streaming">What the probe learnt of replication (see <see cref="ServerStatus"/>); null when it could not tell.</param>
    internal sealed record HealthProbed(int ServerIndex, bool Answered, string? Failure, int MajorVersion = 0, int? Streaming = null);

    internal sealed record ProbeServer(int ServerIndex);

    internal sealed record Prefill(bool Initial);

    internal sealed record MaintenanceTick(MaintenanceKind Kind);

    internal sealed class ShutdownDeadline
    {
        public static readonly ShutdownDeadline Instance = new();

        private ShutdownDeadline()
        {
        }
    }

    internal enum MaintenanceKind
    {
        IdleTimeout,
        MaxConnectionAge,
        BackgroundValidation,
    }
}
