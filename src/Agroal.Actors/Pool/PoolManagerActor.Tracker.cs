using Agroal.Actors.Clients;
using Agroal.Actors.Runtime;

namespace Agroal.Actors.Pool;

/// <summary>tracker = on: the pool's own events on a slot, as pgagroal writes them; nothing is computed while it is off.</summary>
public sealed partial class PoolManagerActor
{
    /// <param name="state">The state pgagroal's line shows, when the event is written before the slot is moved; the current one otherwise.</param>
    private void TrackSlot(int eventId, PoolSlot slot, SlotState? state = null)
    {
        if (_options.Tracker)
        {
            ConnectionTracker.Slot(_logger, Context.System.TimeProvider, eventId, slot.Id, ConnectionTracker.PgagroalState(state ?? slot.State),
                slot.Key?.User, slot.Key?.Database, slot.ApplicationName, isNew: slot.Connection is null or { Queries: 0 },
                _options.TransactionMode, CountInUse());
        }
    }

    private int CountInUse()
    {
        var inUse = 0;
        foreach (var slot in _slots)
        {
            if (slot.State is SlotState.InUse or SlotState.Gracefully)
            {
                inUse++;
            }
        }
        return inUse;
    }
}
