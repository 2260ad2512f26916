using Agroal.Actors.Clients;
using Akka.Actor;

namespace Agroal.Actors.Pool;

public sealed partial class PoolManagerActor
{
    private void OnRelease(PoolProtocol.Release release)
    {
        var connection = release.Connection;
        var slotId = connection.SlotId;
        if (slotId < 0 || slotId >= _slots.Length || !ReferenceEquals(_slots[slotId].Connection, connection))
        {
            // The slot was already closed under the client (crash, flush): nothing to return.
            connection.Abort();
            return;
        }
        var slot = _slots[slotId];
        if (slot.State is not (SlotState.InUse or SlotState.Gracefully))
        {
            // Returned twice, or already taken back: the second return must not free a slot someone else may hold.
            return;
        }
        if (release.Generation != 0 && release.Generation != slot.Cell.LeaseGeneration)
        {
            // A stale release: the backend was handed to another client since (by a lane or by this manager).
            return;
        }
        _counters.ConnectionReturned();
        if (release.FoundDead)
        {
            _counters.IdleConnectionLost();
        }
        var tooOld = IsTooOld(slot, Now);
        if (!release.Reusable || !connection.Poolable || connection.IsClosed || slot.State == SlotState.Gracefully || tooOld || AboveBudget(slot))
        {
            if (tooOld)
            {
                _counters.ConnectionAgedOut();
                TrackSlot(ConnectionTracker.MaxConnectionAge, slot);
            }
            CloseSlot(slot, clean: release.Reusable && !connection.IsClosed);
            if (_overBudget)
            {
                TrimToBudget();
            }
            TopUp();
        }
        else
        {
            slot.LastUsedTimestamp = Now;
            ChangeState(slot, SlotState.Free);
        }
        if (_waiters.Count > 0)
        {
            ServeWaiters();
            ArmDeadlineTimer();
        }
    }

    /// <summary>
    /// Hands the backend to its actor for closing and frees the slot at once; the actor's Terminated is then ignored.
    /// With <paramref name="expected"/> only from that state (a Free slot may have been leased meanwhile): false when not closed.
    /// </summary>
    private bool CloseSlot(PoolSlot slot, bool clean, SlotState? expected = null)
    {
        var actor = slot.Actor;
        var connection = slot.Connection;
        if (_options.Tracker && (expected is null || slot.State == expected))
        {
            // Written before the slot is cleared; callers closing a Free slot move it out of Free first, so this
            // line is not written for a slot a session leases meanwhile.
            TrackSlot(ConnectionTracker.KillConnection, slot);
        }
        if (!ChangeState(slot, SlotState.NotInit, expected))
        {
            return false;
        }
        _counters.ConnectionClosed();
        if (actor is not null)
        {
            Context.Unwatch(actor);
            actor.Tell(new ServerConnectionProtocol.Close(clean), Self);
        }
        else
        {
            connection?.Abort();
        }
        return true;
    }

    private void OnSlotActorTerminated(IActorRef actor)
    {
        if (!_slotByActor.TryGetValue(actor, out var slotId))
        {
            return;
        }
        var slot = _slots[slotId];
        slot.Connection?.Abort();
        var waiter = slot.State == SlotState.Init ? slot.ReservedFor : null;
        ChangeState(slot, SlotState.NotInit);
        if (waiter is { Abandoned: false })
        {
            Refuse(waiter, Errors.PoolerErrors.BackendLost);
        }
        ServeWaiters();
    }
}
