using Agroal.Actors.Errors;
using Akka.Actor;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool;

/// <summary>
/// Messages the <see cref="PoolManagerActor"/> receives and sends, the one holder for them, split by concern: leases and
/// status here, maintenance/health/failover in .Lifecycle, operator requests in .Control and .Shutdown.
/// </summary>
public static partial class PoolProtocol
{
    /// <summary>A client asks for a backend; the answer is <see cref="Leased"/> or <see cref="Refused"/> with the same ticket.</summary>
    public sealed record Acquire(PoolKey Key, IActorRef ReplyTo, long Ticket, string ApplicationName);

    /// <param name="Generation">The lease's number (<see cref="Lanes.SlotCell.LeaseGeneration"/>), which its release names.</param>
    public sealed record Leased(BackendConnection Connection, long Ticket, long Generation = 0);

    public sealed record Refused(PoolerError Error, long Ticket);

    /// <summary>The client gave up waiting (it left); a lease already on its way comes back as a Release.</summary>
    public sealed record Abandon(IActorRef ReplyTo, long Ticket);

    /// <summary>A client is done with a backend. Reusable means the session reset it and its protocol state is clean.</summary>
    /// <param name="FoundDead">The server had ended the backend before any byte of the client's reached it: the session
    /// found it closed or talking at the lease (see <see cref="BackendConnection.TryClaimIdle"/>), or the pooler's own
    /// alignment query met its end. Counted as a removed, failed connection.</param>
    /// <param name="Generation">The lease being ended; a release of an older lease (the backend was leased again since) is
    /// ignored. 0 when the sender does not know it.</param>
    public sealed record Release(BackendConnection Connection, bool Reusable, bool FoundDead = false, long Generation = 0);

    /// <summary>A reloaded configuration: live keys (timeouts, limits lookup, passwords) apply at once; max_connections needs a restart.</summary>
    /// <param name="Duplicates">
    /// With startup_validation = on, the sections the reload found to be one PostgreSQL: one of each pair is marked invalid.
    /// Null when no comparison ran (off, try): every server is valid.
    /// </param>
    public sealed record Reconfigure(PoolOptions Options, DuplicateServerFindings? Duplicates = null);

    public sealed class GetStatus
    {
        public static readonly GetStatus Instance = new();

        private GetStatus()
        {
        }
    }

    /// <param name="Client">The client holding the slot (its lease address: client id and peer), or null.</param>
    /// <param name="Queries">Queries the slot's backend has served (pgagroal_connection_query_count).</param>
    public sealed record SlotStatus(int SlotId, SlotState State, string? User, string? Database, string? Server, string? ApplicationName, long CreatedTimestamp, long LastUsedTimestamp, string? Client = null, long Queries = 0);

    /// <param name="Slots">The slots in use, in slot order.</param>
    /// <param name="WaitingKeys">Whom each queued client waits for, in queue order (pgagroal_limit_awaiting per rule).</param>
    public sealed record Status(int MaxConnections, int Total, int Active, int Waiting, IReadOnlyList<SlotStatus> Slots, IReadOnlyList<PoolKey>? WaitingKeys = null);

    internal sealed record BackendReady(int SlotId, BackendConnection Connection, bool? InRecovery = null);

    internal sealed record BackendFailed(int SlotId, PoolerError Error);

    /// <summary>A pooled backend's socket closed (EOF, reset, or the pooler's own close); sent from the socket's callback.</summary>
    internal sealed record BackendGone(BackendConnection Connection);

    /// <summary>A session returned a backend on its own thread while clients were queued (or a shutdown was counting): serve them.</summary>
    public sealed class ReturnedWhileWaited
    {
        public static readonly ReturnedWhileWaited Instance = new();

        private ReturnedWhileWaited()
        {
        }
    }

    internal sealed class CheckDeadlines
    {
        public static readonly CheckDeadlines Instance = new();

        private CheckDeadlines()
        {
        }
    }
}
