using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool.Lanes;

/// <summary>
/// Clients waiting on the lane itself, so that a return hands its backend straight to the first of them on the
/// returning session's thread, without the pool manager's mailbox and without allocating. The manager lends its
/// queue to a lane only when nothing but a return on that lane can serve it (every backend is open and leased, no
/// Free backend anywhere to evict, all waiters of this one key) and takes it back before it handles anything else,
/// so opening, limits, eviction, failover, flush and shutdown still see every waiter.
/// </summary>
/// <remarks>
/// No lost wake-up on the lane: parking and returning both run under the lane lock, a parker parks only when the
/// lane has no Free cell, and a return hands off whenever someone is parked. Across lanes (a Free cell elsewhere that
/// could be evicted for a parked client) the parker increments <see cref="PoolLanes.Parked"/> with a full fence and
/// then counts Free cells, and a returning session pushes its cell, fences, and reads the parked count: one of the
/// two sees the other and the manager is told.
/// </remarks>
public sealed partial class PoolLane
{
    private LeaseAwaiter? _parkedHead;
    private LeaseAwaiter? _parkedTail;
    private int _parkedCount;
    private bool _lent;

    /// <summary>Clients parked on this lane right now (a racy read).</summary>
    public int Parked => Volatile.Read(ref _parkedCount);

    /// <summary>The deadline of the first parked client, for the manager's blocking_timeout timer.</summary>
    internal long? HeadDeadline
    {
        get
        {
            lock (_gate)
            {
                return _parkedHead?.ParkDeadline;
            }
        }
    }

    /// <summary>
    /// A session's lease: a Free backend when the lane has one and nobody is parked before it; otherwise, while the
    /// manager has lent the lane its queue, the session parks with <paramref name="waiter"/> (already set waiting).
    /// </summary>
    internal LaneLeaseOutcome TryLeaseOrPark(LeaseAwaiter waiter, object holder, string applicationName, out BackendConnection? leased, out long generation)
    {
        leased = null;
        generation = 0;
        if (!_lanes.LeaseFastPathOpen)
        {
            return LaneLeaseOutcome.NotParked;
        }
        lock (_gate)
        {
            if (_freeCount > 0 && _parkedHead is null)
            {
                leased = PopFreeInto(holder, applicationName, _lanes.StampNow(), out generation);
            }
            else if (!_lent)
            {
                return LaneLeaseOutcome.NotParked;
            }
            else
            {
                // The deadline from the clock itself: the loop's round time may be a round old.
                Append(waiter, holder, applicationName, _lanes.Clock.GetTimestamp() + _lanes.WaitTicks);
            }
        }
        if (leased is not null)
        {
            CountLease();
            return LaneLeaseOutcome.Leased;
        }
        _lanes.Counters?.AcquireRequested();
        // The fence of the remarks: the parked count is visible before Free cells elsewhere are counted.
        Interlocked.MemoryBarrier();
        return _lanes.CountFree() > 0 ? LaneLeaseOutcome.ParkedWhileFreeElsewhere : LaneLeaseOutcome.Parked;
    }

    /// <summary>
    /// The manager parks a client whose Acquire reached it while this lane holds its queue: at the end of the queue,
    /// as the manager would have queued it. False when the queue is not lent here or a Free backend is on the lane
    /// (checked under the lane's lock, where returns push, so no return can slip between the check and the parking).
    /// </summary>
    internal bool TryParkFromManager(LeaseAwaiter waiter, object holder, string applicationName, long deadline)
    {
        lock (_gate)
        {
            if (!_lent || _freeCount > 0)
            {
                return false;
            }
            Append(waiter, holder, applicationName, deadline);
        }
        return true;
    }

    /// <summary>A client that stopped waiting leaves the queue; false when it was not parked here (handed off or taken back).</summary>
    internal bool TryUnpark(LeaseAwaiter waiter)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(waiter.ParkedOn, this))
            {
                return false;
            }
            LeaseAwaiter? previous = null;
            for (var current = _parkedHead; current is not null; previous = current, current = current.NextParked)
            {
                if (!ReferenceEquals(current, waiter))
                {
                    continue;
                }
                if (previous is null)
                {
                    _parkedHead = current.NextParked;
                }
                else
                {
                    previous.NextParked = current.NextParked;
                }
                if (ReferenceEquals(_parkedTail, current))
                {
                    _parkedTail = previous;
                }
                Detach(current);
                return true;
            }
            return false;
        }
    }

    /// <summary>The manager lends its queue (all of this lane's key, in arrival order): from now on the lane takes waiters.</summary>
    internal void Lend(List<(LeaseAwaiter Waiter, object Holder, string ApplicationName, long Deadline)> waiters)
    {
        lock (_gate)
        {
            _lent = true;
            foreach (var (waiter, holder, applicationName, deadline) in waiters)
            {
                Append(waiter, holder, applicationName, deadline);
            }
        }
    }

    /// <summary>The manager takes its queue back, in arrival order; the lane takes no more waiters until lent again.</summary>
    internal void TakeBack(List<LeaseAwaiter> into)
    {
        lock (_gate)
        {
            _lent = false;
            while (_parkedHead is { } head)
            {
                _parkedHead = head.NextParked;
                Detach(head);
                into.Add(head);
            }
            _parkedTail = null;
        }
    }

    /// <summary>Under the lock: the first parked client that still waits gets <paramref name="cell"/>'s backend as a new lease.</summary>
    private LeaseAwaiter? DequeueParkedFor(SlotCell cell, out long generation)
    {
        generation = 0;
        while (_parkedHead is { } head)
        {
            _parkedHead = head.NextParked;
            if (_parkedHead is null)
            {
                _parkedTail = null;
            }
            Detach(head);
            if (!head.TryClaimForHandOff())
            {
                // It gave up through the manager while its queue was being lent: skip it.
                continue;
            }
            cell.Holder = head.ParkedHolder;
            cell.ApplicationName = head.ParkedApplicationName;
            generation = cell.BeginNextLease();
            return head;
        }
        return null;
    }

    private void Append(LeaseAwaiter waiter, object holder, string applicationName, long deadline)
    {
        waiter.ParkedHolder = holder;
        waiter.ParkedApplicationName = applicationName;
        waiter.ParkDeadline = deadline;
        waiter.NextParked = null;
        Volatile.Write(ref waiter.ParkedOn, this);
        if (_parkedTail is null)
        {
            _parkedHead = waiter;
        }
        else
        {
            _parkedTail.NextParked = waiter;
        }
        _parkedTail = waiter;
        Volatile.Write(ref _parkedCount, _parkedCount + 1);
        _lanes.AddParked(1);
    }

    private void Detach(LeaseAwaiter waiter)
    {
        waiter.NextParked = null;
        Volatile.Write(ref waiter.ParkedOn, null);
        Volatile.Write(ref _parkedCount, _parkedCount - 1);
        _lanes.AddParked(-1);
    }
}
