using Agroal.Actors.Pool.Backend;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Pool;

/// <summary>
/// Liveness of pooled backends at no cost per transaction: each backend's socket tells the manager once when it
/// closes (the server's FATAL 57P01 on pg_terminate_backend or a shutdown, idle_session_timeout, a crash), and an
/// idle one is removed at once instead of waiting to be handed to a client. A backend that dies while leased is the
/// holder's business; the session also checks each lease before sending anything (<see cref="BackendConnection.TryClaimIdle"/>).
/// </summary>
public sealed partial class PoolManagerActor
{
    private void WatchLiveness(BackendConnection connection)
    {
        // One registration per backend for its whole life; the socket's own receive loop notices the end.
        connection.Closed.UnsafeRegister(static state =>
        {
            var (pool, closed) = ((Akka.Actor.IActorRef, BackendConnection))state!;
            pool.Tell(new PoolProtocol.BackendGone(closed), Akka.Actor.ActorRefs.Nobody);
        }, (Self, connection));
    }

    /// <summary>
    /// An idle backend the server ended (pgagroal counts a remove and an error): the same whichever part of the pool
    /// saw it first, the liveness watch or a lease that found its socket closed.
    /// </summary>
    private void CountIdleBackendLost(BackendConnection connection)
    {
        PoolLog.IdleBackendGone(_logger, connection.ToString());
        _counters.IdleConnectionLost();
        OnBackendBroken(connection.Server);
    }

    private void OnBackendGone(BackendConnection connection)
    {
        var slotId = connection.SlotId;
        if (slotId < 0 || slotId >= _slots.Length)
        {
            return;
        }
        var slot = _slots[slotId];
        // Only an idle backend is removed here: a leased one is its holder's to return, a checked one its check's.
        if (!ReferenceEquals(slot.Connection, connection) || slot.State != SlotState.Free)
        {
            return;
        }
        var actor = slot.Actor;
        // A session may have leased it since: then the session finds it closed (TryClaimIdle) and returns it as dead.
        if (!ChangeState(slot, SlotState.NotInit, expected: SlotState.Free))
        {
            return;
        }
        CountIdleBackendLost(connection);
        if (actor is not null)
        {
            Context.Unwatch(actor);
            actor.Tell(new ServerConnectionProtocol.Close(Clean: false), Self);
        }
        else
        {
            connection.Abort();
        }
        TopUp();
        ServeWaiters();
        ArmDeadlineTimer();
    }
}
