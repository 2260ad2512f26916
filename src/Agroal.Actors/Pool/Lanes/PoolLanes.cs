using System.Collections.Concurrent;
using Agroal.Actors.Networking.Epoll;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool.Lanes;

/// <summary>
/// The pool state shared outside the pool manager's mailbox, as pgagroal keeps its slot states in shared memory: one
/// cell per slot and one lane per pool key. Sessions lease and return on their own threads while nobody waits; the
/// <see cref="PoolManagerActor"/> keeps everything else (waiters, opening, limits, eviction, maintenance, flush,
/// shutdown) and closes the fast paths while it needs to see every lease and return.
/// </summary>
/// <remarks>
/// No lost wake-up between a fast return and a waiter being queued: the manager publishes the waiter count with a
/// full fence (<see cref="PublishWaiting"/>) before it looks for Free cells again, and a fast return pushes its cell
/// under the lane lock, then issues a full fence and reads the waiter count. Of the two, at least one sees the
/// other: either the manager finds the pushed cell, or the returning session sees a waiter and tells the manager
/// (<see cref="ReturnOutcome.ReturnedWhileWaited"/>), which then serves its queue. The shutdown flag works the same way.
/// </remarks>
public sealed class PoolLanes
{
    private readonly ConcurrentDictionary<PoolKey, PoolLane> _byKey = new();
    private readonly Lock _addGate = new();
    private PoolLane[] _all = [];
    private int _waiting;
    private int _suspended;
    private int _leaseNeedsCheck;
    private int _parked;
    private long _waitTicks;
    private TimeProvider _clock = TimeProvider.System;
    private PoolCounters? _counters;

    public PoolLanes(int slots)
    {
        Cells = new SlotCell[slots];
        for (var i = 0; i < slots; i++)
        {
            Cells[i] = new SlotCell(i);
        }
    }

    /// <summary>One cell per slot, indexed by <see cref="BackendConnection.SlotId"/>.</summary>
    public SlotCell[] Cells { get; }

    /// <summary>The pool manager's clock, for the timestamps the fast paths write.</summary>
    public TimeProvider Clock => Volatile.Read(ref _clock);

    /// <summary>
    /// The time a fast lease or return stamps its cell with (for idle_timeout, max_connection_age and the status
    /// report): the epoll loop's round time with the system clock (<see cref="LoopTime"/>), else the clock's own.
    /// </summary>
    internal long StampNow()
    {
        var clock = Clock;
        return ReferenceEquals(clock, TimeProvider.System) ? LoopTime.Now : clock.GetTimestamp();
    }

    /// <summary>Clients queued in the pool manager right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Clients parked on lanes right now (the pool manager's queue, lent to one lane; see <see cref="PoolLane"/>).</summary>
    public int Parked => Volatile.Read(ref _parked);

    /// <summary>How long a client may wait (blocking_timeout, or the retry budget), in clock ticks: a parker's deadline.</summary>
    internal long WaitTicks => Volatile.Read(ref _waitTicks);

    /// <summary>pgagroal's get/success/return counters, counted for fast leases and returns too.</summary>
    internal PoolCounters? Counters => Volatile.Read(ref _counters);

    internal bool LeaseFastPathOpen => Volatile.Read(ref _waiting) == 0 && Volatile.Read(ref _suspended) == 0 && Volatile.Read(ref _leaseNeedsCheck) == 0;

    private bool ReturnFastPathOpen => Volatile.Read(ref _waiting) == 0 && Volatile.Read(ref _suspended) == 0;

    /// <summary>The lane of a pool key; a session resolves it once.</summary>
    public PoolLane For(PoolKey key)
    {
        if (_byKey.TryGetValue(key, out var lane))
        {
            return lane;
        }
        lock (_addGate)
        {
            lane = _byKey.GetOrAdd(key, static (k, lanes) => new PoolLane(k, lanes), this);
            if (Array.IndexOf(_all, lane) < 0)
            {
                var grown = new PoolLane[_all.Length + 1];
                _all.CopyTo(grown, 0);
                grown[^1] = lane;
                Volatile.Write(ref _all, grown);
            }
            return lane;
        }
    }

    /// <summary>
    /// A session gives back a clean backend on its own thread. <see cref="ReturnOutcome.NotReturned"/> sends it the
    /// slow way (a Release to the pool manager), which decides closing, flags and waiters.
    /// </summary>
    public ReturnOutcome TryReturn(BackendConnection connection) => TryReturn(connection, generation: 0);

    /// <param name="generation">The lease being ended (from the lease); a stale one is not taken.</param>
    public ReturnOutcome TryReturn(BackendConnection connection, long generation)
    {
        if (!ReturnFastPathOpen)
        {
            return ReturnOutcome.NotReturned;
        }
        var slotId = connection.SlotId;
        if ((uint)slotId >= (uint)Cells.Length)
        {
            return ReturnOutcome.NotReturned;
        }
        var cell = Cells[slotId];
        if (cell.Lane is not { } lane)
        {
            return ReturnOutcome.NotReturned;
        }
        var outcome = lane.TryReturn(cell, connection, StampNow(), generation);
        if (outcome == ReturnOutcome.NotReturned)
        {
            return outcome;
        }
        Counters?.ConnectionReturned();
        if (outcome == ReturnOutcome.HandedOff)
        {
            return outcome;
        }
        // The fence of the remarks above: the push is visible before the waiter counts are read.
        Interlocked.MemoryBarrier();
        return ReturnFastPathOpen && Volatile.Read(ref _parked) == 0 ? ReturnOutcome.Returned : ReturnOutcome.ReturnedWhileWaited;
    }

    /// <summary>Free cells over all lanes (a racy sum; exact enough for the manager's "anything to serve with" test).</summary>
    public int CountFree()
    {
        var all = Volatile.Read(ref _all);
        var free = 0;
        foreach (var lane in all)
        {
            free += lane.FreeCount;
        }
        return free;
    }

    /// <summary>Cells InUse or Gracefully over all lanes.</summary>
    public int CountActive()
    {
        var all = Volatile.Read(ref _all);
        var active = 0;
        foreach (var lane in all)
        {
            active += lane.Active;
        }
        return active;
    }

    internal void AddParked(int delta) => Interlocked.Add(ref _parked, delta);

    internal void PublishWaitTicks(long ticks) => Volatile.Write(ref _waitTicks, ticks);

    internal void UseClock(TimeProvider clock) => Volatile.Write(ref _clock, clock);

    internal void UseCounters(PoolCounters counters) => Volatile.Write(ref _counters, counters);

    /// <summary>The manager's queue length, published with a full fence before it looks for Free cells again.</summary>
    internal void PublishWaiting(int waiting) => Interlocked.Exchange(ref _waiting, waiting);

    /// <summary>While suspended (graceful shutdown) every lease and return goes through the manager, which counts them.</summary>
    internal void Suspend(bool suspended) => Interlocked.Exchange(ref _suspended, suspended ? 1 : 0);

    /// <summary>Foreground validation checks each backend before a lease: only the manager can do that.</summary>
    internal void RequireLeaseCheck(bool required) => Interlocked.Exchange(ref _leaseNeedsCheck, required ? 1 : 0);
}
