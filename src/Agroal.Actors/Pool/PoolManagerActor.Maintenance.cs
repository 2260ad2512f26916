using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Pool;

/// <summary>
/// idle_timeout, max_connection_age and background validation, on pgagroal's periods. The idle and age checks run
/// inside one message, so no slot can change under them; validation is asynchronous: the slot is moved to Validation
/// (it cannot be leased), and if it was flagged meanwhile (a flush) it is closed when the check ends.
/// </summary>
public sealed partial class PoolManagerActor
{

    private void ArmMaintenanceTimers()
    {
        ArmMaintenanceTimer(IdleTimerKey, PoolProtocol.MaintenanceKind.IdleTimeout, _options.IdleTimeout,
            PoolOptions.MaintenancePeriod(_options.IdleTimeout));
        ArmMaintenanceTimer(AgeTimerKey, PoolProtocol.MaintenanceKind.MaxConnectionAge, _options.MaxConnectionAge,
            PoolOptions.MaintenancePeriod(_options.MaxConnectionAge));
        var validationPeriod = _options.BackgroundInterval < PoolOptions.MinimumMaintenancePeriod
            ? PoolOptions.MinimumMaintenancePeriod
            : _options.BackgroundInterval;
        ArmMaintenanceTimer(ValidationTimerKey, PoolProtocol.MaintenanceKind.BackgroundValidation,
            _options.Validation == ValidationMode.Background ? validationPeriod : TimeSpan.Zero, validationPeriod);
    }

    private void ArmMaintenanceTimer(string key, PoolProtocol.MaintenanceKind kind, TimeSpan setting, TimeSpan period)
    {
        if (setting <= TimeSpan.Zero)
        {
            Timers.Cancel(key);
            return;
        }
        if (!Timers.IsTimerActive(key))
        {
            Timers.StartPeriodicTimer(key, new PoolProtocol.MaintenanceTick(kind), period);
        }
    }

    private void OnMaintenanceTick(PoolProtocol.MaintenanceKind kind)
    {
        if (_overBudget)
        {
            TrimToBudget();
        }
        var now = Now;
        var closed = 0;
        // From the last slot down, as pgagroal: the low slots, reused first, stay warm.
        for (var i = _slots.Length - 1; i >= 0; i--)
        {
            var slot = _slots[i];
            if (slot.State != SlotState.Free)
            {
                continue;
            }
            var idle = IsIdleTooLong(slot, now);
            if (idle || IsTooOld(slot, now))
            {
                // Through pgagroal's check state, so the tracker line shows it and no session can lease the slot meanwhile.
                if (!ChangeState(slot, idle ? SlotState.IdleCheck : SlotState.MaxConnectionAge, expected: SlotState.Free))
                {
                    // Leased by a session since the check above.
                    continue;
                }
                TrackSlot(idle ? ConnectionTracker.IdleTimeout : ConnectionTracker.MaxConnectionAge, slot);
                CloseSlot(slot, clean: true);
                if (idle)
                {
                    _counters.ConnectionIdleTimedOut();
                }
                else
                {
                    _counters.ConnectionAgedOut();
                }
                closed++;
                continue;
            }
            if (kind == PoolProtocol.MaintenanceKind.BackgroundValidation && ChangeState(slot, SlotState.Validation, expected: SlotState.Free))
            {
                BeginValidation(slot, waiter: null);
            }
        }
        if (closed > 0)
        {
            PoolLog.MaintenanceClosed(_logger, kind, closed);
            TopUp();
            ServeWaiters();
        }
    }

    private bool IsIdleTooLong(PoolSlot slot, long now) =>
        _options.IdleTimeout > TimeSpan.Zero && !_options.ReuseOnly && Elapsed(slot.LastUsedTimestamp, now) >= _options.IdleTimeout;

    private bool IsTooOld(PoolSlot slot, long now) =>
        _options.MaxConnectionAge > TimeSpan.Zero && !_options.ReuseOnly && Elapsed(slot.CreatedTimestamp, now) >= _options.MaxConnectionAge;

    /// <summary>When max_connection_age retires the slot's backend; the sessions' fast return checks it.</summary>
    private long ExpiryOf(PoolSlot slot) =>
        _options.MaxConnectionAge > TimeSpan.Zero && !_options.ReuseOnly
            ? slot.CreatedTimestamp + (long)(_options.MaxConnectionAge.TotalSeconds * Context.System.TimeProvider.TimestampFrequency)
            : long.MaxValue;

    private TimeSpan Elapsed(long since, long now) =>
        TimeSpan.FromSeconds((double)(now - since) / Context.System.TimeProvider.TimestampFrequency);

    /// <summary>Runs <c>SELECT 1</c> on a slot already taken out of Free into Validation; with a waiter (foreground validation) it is leased to it when healthy.</summary>
    private void BeginValidation(PoolSlot slot, PoolWaiter? waiter)
    {
        slot.ReservedFor = waiter;
        slot.Actor!.Tell(new ServerConnectionProtocol.Validate(_options.ValidationTimeout), Self);
    }

    private void OnValidationCompleted(PoolProtocol.ValidationCompleted validated)
    {
        var slot = _slots[validated.SlotId];
        if (!ReferenceEquals(slot.Actor, Sender) || slot.State is SlotState.NotInit)
        {
            return;
        }
        var waiter = slot.ReservedFor;
        slot.ReservedFor = null;
        if (slot.State != SlotState.Validation || !validated.Healthy)
        {
            // Flagged meanwhile (flush) or broken: pgagroal kills the connection when it cannot move the slot back to Free.
            if (validated.BackendEnded)
            {
                // The server ended it while idle and the check was first to notice, not the liveness watch: counted
                // as the watch counts it, so that which of them saw it first never changes the figures.
                _counters.IdleConnectionLost();
                TrackSlot(ConnectionTracker.InvalidConnection, slot);
                PoolLog.IdleBackendGoneAtValidation(_logger, slot.Connection?.ToString(), validated.Failure);
                if (slot.Connection is { } ended)
                {
                    OnBackendBroken(ended.Server);
                }
            }
            else if (!validated.Healthy)
            {
                _counters.ConnectionInvalid();
                TrackSlot(ConnectionTracker.InvalidConnection, slot);
                PoolLog.ValidationFailed(_logger, slot.Connection?.ToString(), validated.Failure);
            }
            CloseSlot(slot, clean: validated.Healthy);
            if (waiter is { Abandoned: false })
            {
                waiter.Node = _waiters.AddFirst(waiter);
                PublishGauges();
            }
            TopUp();
            ServeWaiters();
            ArmDeadlineTimer();
            return;
        }
        if (waiter is { Abandoned: false })
        {
            Lease(slot, waiter);
            return;
        }
        ChangeState(slot, SlotState.Free);
        ServeWaiters();
    }
}
