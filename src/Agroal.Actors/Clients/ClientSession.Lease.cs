using Akka.Actor;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;

namespace Agroal.Actors.Clients;

/// <summary>The lease fast path: an idle backend of this session's lane is taken and given back on the session's own thread.</summary>
public sealed partial class ClientSession
{
    private PoolLane? _lane;

    /// <summary>The number of the lease this session holds (<see cref="SlotCell.LeaseGeneration"/>): its return names it.</summary>
    private long _leaseGeneration;

    /// <summary>
    /// Leases on this session's lane without asking the pool manager: an idle backend at once, or a place in the lane's
    /// queue (<paramref name="pending"/> then completes). <see cref="LaneLeaseOutcome.NotParked"/> means: ask the manager.
    /// </summary>
    private LaneLeaseOutcome LeaseOnLane(CancellationToken cancellationToken, out BackendConnection? leased, out ValueTask<object> pending)
    {
        leased = null;
        pending = default;
        if (_services.Lanes is not { } lanes || _key is null)
        {
            return LaneLeaseOutcome.NotParked;
        }
        // Resolved once per session: the key never changes after login.
        var lane = _lane ??= lanes.For(_key);
        var outcome = _leases.Awaiter.LeaseOrPark(lane, _leases.Holder, ApplicationName, cancellationToken, out leased, out var generation, out pending);
        if (outcome == LaneLeaseOutcome.Leased)
        {
            _leaseGeneration = generation;
        }
        else if (outcome == LaneLeaseOutcome.ParkedWhileFreeElsewhere)
        {
            // Another key's idle backend may be evicted for this client: only the manager can decide that.
            _services.Pool.Tell(PoolProtocol.ReturnedWhileWaited.Instance, ActorRefs.NoSender);
        }
        return outcome;
    }

    /// <summary>The backend <see cref="RequestLease"/> took on the lane at once; its answer was <see cref="LeasedOnLane"/>.</summary>
    private BackendConnection? _leasedOnLane;

    /// <summary>The answer <see cref="RequestLease"/> is waiting for hands out the backend authentication logged in on.</summary>
    private bool _leaseFromAuthentication;

    /// <summary>
    /// When the client started waiting for the lease being made (pgagroal's wait time); 0 while it has not waited.
    /// A lease taken at once reads no clock for it: two timestamps a transaction were a few percent of its user time.
    /// </summary>
    private long _leaseWaitStarted;

    /// <summary>
    /// Asks for a backend and returns the pool's answer without interpreting it (<see cref="LeaseAsync"/> does): the
    /// backend authentication logged in on, one taken on the lane at once (<see cref="LeasedOnLane"/>), or a wait on
    /// the lane or the pool manager. Not async itself: a caller whose own loop awaits the wait (the transaction relay)
    /// suspends one long-lived method per waiting client instead of a chain of per-wait ones.
    /// </summary>
    private ValueTask<object> RequestLease(CancellationToken cancellationToken)
    {
        _leaseFromAuthentication = _leases.IsHolding;
        if (_leaseFromAuthentication)
        {
            return _leases.AcquireAsync(_key!, ApplicationName, cancellationToken);
        }
        switch (LeaseOnLane(cancellationToken, out var leased, out var pending))
        {
            case LaneLeaseOutcome.Leased:
                _leasedOnLane = leased;
                return new ValueTask<object>(LeasedOnLane.Instance);
            case LaneLeaseOutcome.NotParked:
                StartWaiting();
                return _leases.AcquireAsync(_key!, ApplicationName, cancellationToken);
            default:
                StartWaiting();
                return pending;
        }
    }

    private void StartWaiting()
    {
        if (_leaseWaitStarted == 0)
        {
            _leaseWaitStarted = _services.Clock.GetTimestamp();
        }
    }

    /// <summary>The lease being made ended (a backend or a refusal): its wait goes to the wait-time histogram.</summary>
    private void RecordLeaseWait()
    {
        var started = _leaseWaitStarted;
        _leaseWaitStarted = 0;
        _services.Counters.RecordWait(started == 0 ? TimeSpan.Zero : _services.Clock.GetElapsedTime(started));
    }

    /// <summary>The answer of a lease taken on the lane without waiting; the backend is in <see cref="_leasedOnLane"/>.</summary>
    private sealed class LeasedOnLane
    {
        public static readonly LeasedOnLane Instance = new();

        private LeasedOnLane()
        {
        }
    }

    /// <summary>A Release for the backend this session holds, naming its lease.</summary>
    private PoolProtocol.Release ReleaseOf(BackendConnection backend, bool reusable, bool foundDead = false)
        => new(backend, reusable, foundDead, _leaseGeneration);

    /// <summary>
    /// Gives a backend back: a clean one on this thread when nobody waits and the pool manager has nothing to decide
    /// about it; otherwise (dirty, flagged, aged out, clients queued) as a Release message to the pool manager.
    /// </summary>
    private void ReturnToPool(BackendConnection backend, bool reusable, bool foundDead = false)
    {
        if (reusable && _services.Lanes is { } lanes && backend.Poolable && !backend.IsClosed)
        {
            switch (lanes.TryReturn(backend, _leaseGeneration))
            {
                case ReturnOutcome.Returned:
                case ReturnOutcome.HandedOff:
                    return;
                case ReturnOutcome.ReturnedWhileWaited:
                    _services.Pool.Tell(PoolProtocol.ReturnedWhileWaited.Instance, ActorRefs.NoSender);
                    return;
            }
        }
        _services.Pool.Tell(ReleaseOf(backend, reusable, foundDead), ActorRefs.NoSender);
    }
}
