using Agroal.Actors.Clients;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Pool;

/// <summary>
/// Operator requests: flush, enable/disable, graceful shutdown (refuse new clients, exit when no backend is in use
/// or flush_timeout passes), cancel, immediate shutdown, switch-to and clear server. A graceful operation never cuts
/// a client: in-use backends are only marked, and closed when their client returns them.
/// </summary>
public sealed partial class PoolManagerActor
{
    private PoolProtocol.Done OnFlush(PoolProtocol.Flush flush)
    {
        Flush(flush.Mode, flush.Database);
        return PoolProtocol.Done.Ok;
    }

    private PoolProtocol.Done OnDisableDatabase(string database)
    {
        _lifecycle.DisabledDatabases.Disable(database);
        PoolLog.DatabaseDisabled(_logger, database);
        return PoolProtocol.Done.Ok;
    }

    private PoolProtocol.Done OnEnableDatabase(string database)
    {
        _lifecycle.DisabledDatabases.Enable(database);
        PoolLog.DatabaseEnabled(_logger, database);
        return PoolProtocol.Done.Ok;
    }

    private PoolProtocol.Done OnShutdownImmediately()
    {
        PoolLog.ImmediateShutdownRequested(_logger);
        Exit(graceful: false);
        return PoolProtocol.Done.Ok;
    }

    /// <param name="database">A real database name; null or <c>*</c> for all.</param>
    private void Flush(FlushMode mode, string? database)
    {
        var all = database is null or DisabledDatabases.All;
        var flushed = 0;
        foreach (var slot in _slots)
        {
            if (slot.State is SlotState.NotInit or SlotState.Init || (!all && slot.Key?.Database != database))
            {
                continue;
            }
            if (FlushSlot(slot, mode))
            {
                _counters.ConnectionFlushed();
                flushed++;
            }
        }
        PoolLog.Flushed(_logger, mode, database ?? DisabledDatabases.All, flushed);
        TopUp();
        ServeWaiters();
    }

    /// <summary>True when the slot was closed or marked.</summary>
    private bool FlushSlot(PoolSlot slot, FlushMode mode)
    {
        // A session may lease a Free slot or return an InUse one while this runs: a lost race reads the state again.
        while (true)
        {
            switch (slot.State)
            {
                case SlotState.Free:
                    if (ChangeState(slot, SlotState.Flush, expected: SlotState.Free))
                    {
                        TrackSlot(ConnectionTracker.Flush, slot);
                        CloseSlot(slot, clean: true);
                        return true;
                    }
                    continue;
                case SlotState.IdleCheck or SlotState.MaxConnectionAge or SlotState.Validation:
                    // The check owns the backend; it is closed when the check ends.
                    ChangeState(slot, SlotState.Flush);
                    TrackSlot(ConnectionTracker.Flush, slot);
                    return true;
                case SlotState.InUse when mode == FlushMode.Gracefully:
                    if (ChangeState(slot, SlotState.Gracefully, expected: SlotState.InUse))
                    {
                        TrackSlot(ConnectionTracker.Flush, slot);
                        return true;
                    }
                    continue;
                case SlotState.InUse or SlotState.Gracefully when mode == FlushMode.All:
                    TrackSlot(ConnectionTracker.Flush, slot);
                    // Cutting the socket ends the holder's relay, and with it the client's session.
                    slot.Connection?.Abort();
                    CloseSlot(slot, clean: false);
                    return true;
                default:
                    return false;
            }
        }
    }

    private PoolProtocol.Done BeginGracefulShutdown(TimeSpan deadline)
    {
        if (_shutdown == ShutdownPhase.Exiting)
        {
            return PoolProtocol.Done.Ok;
        }
        PoolLog.GracefulShutdownBegun(_logger, ActiveCount);
        _shutdown = ShutdownPhase.Graceful;
        // From here every return goes through the manager, which must see the last one.
        _lanes.Suspend(true);
        _lifecycle.SetRefusingNewClients(true);
        if (deadline > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(ShutdownTimerKey, PoolProtocol.ShutdownDeadline.Instance, deadline);
        }
        else
        {
            Timers.Cancel(ShutdownTimerKey);
        }
        CheckGracefulShutdown();
        return PoolProtocol.Done.Ok;
    }

    private PoolProtocol.Done CancelShutdown()
    {
        if (_shutdown == ShutdownPhase.Exiting)
        {
            return new PoolProtocol.Done(false, "the shutdown is already under way");
        }
        if (_shutdown == ShutdownPhase.Graceful)
        {
            PoolLog.GracefulShutdownCancelled(_logger);
            _shutdown = ShutdownPhase.None;
            _lanes.Suspend(_overBudget);
            Timers.Cancel(ShutdownTimerKey);
            _lifecycle.SetRefusingNewClients(false);
        }
        return PoolProtocol.Done.Ok;
    }

    /// <summary>Called on every slot change while a graceful shutdown waits for the last backend in use.</summary>
    private void CheckGracefulShutdown()
    {
        if (_shutdown == ShutdownPhase.Graceful && ActiveCount == 0 && _waiters.Count == 0)
        {
            PoolLog.GracefulShutdownDrained(_logger);
            Exit(graceful: true);
        }
    }

    private void OnShutdownDeadline()
    {
        if (_shutdown == ShutdownPhase.Graceful)
        {
            PoolLog.GracefulShutdownTimedOut(_logger, ActiveCount);
            Exit(graceful: false);
        }
    }

    private void Exit(bool graceful)
    {
        _shutdown = ShutdownPhase.Exiting;
        Timers.Cancel(ShutdownTimerKey);
        _lifecycle.SetRefusingNewClients(true);
        _lifecycle.RequestExit(graceful);
    }
}
