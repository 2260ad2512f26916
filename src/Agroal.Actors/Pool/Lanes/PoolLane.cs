using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool.Lanes;

/// <summary>
/// The idle backends of one pool key, shared by its sessions and the pool manager: a last-in first-out stack of Free
/// slot cells and the count of cells in use. One lock covers the stack and every state change of the lane's cells,
/// so a cell on the stack is always Free and a Free cell is always on the stack; the manager's checks take a cell
/// off the stack in the same step as they move it out of Free, so a cell being checked is never leased.
/// </summary>
public sealed partial class PoolLane
{
    private readonly Lock _gate = new();
    private readonly PoolLanes _lanes;
    private readonly SlotCell?[] _free;
    private int _freeCount;
    private int _active;

    internal PoolLane(PoolKey key, PoolLanes lanes)
    {
        Key = key;
        _lanes = lanes;
        _free = new SlotCell?[lanes.Cells.Length];
    }

    public PoolKey Key { get; }

    /// <summary>Free cells right now (a racy read, exact under the lock).</summary>
    public int FreeCount => Volatile.Read(ref _freeCount);

    /// <summary>Cells InUse or Gracefully right now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>
    /// The uncontended lease: the most recently used Free backend, moved to InUse on the caller's thread. Null when
    /// the lane has none or the fast path is closed (waiters queued, foreground validation, graceful shutdown); the
    /// caller then asks the pool manager.
    /// </summary>
    public BackendConnection? TryLease(object holder, string applicationName) => TryLease(holder, applicationName, out _);

    /// <param name="generation">The lease's number, which its return names (see <see cref="SlotCell.LeaseGeneration"/>).</param>
    public BackendConnection? TryLease(object holder, string applicationName, out long generation)
    {
        generation = 0;
        if (!_lanes.LeaseFastPathOpen)
        {
            return null;
        }
        var now = _lanes.StampNow();
        BackendConnection? leased;
        lock (_gate)
        {
            // Clients parked on the lane came first.
            if (_freeCount == 0 || _parkedHead is not null)
            {
                return null;
            }
            leased = PopFreeInto(holder, applicationName, now, out generation);
        }
        CountLease();
        return leased;
    }

    /// <summary>Takes the top Free cell into InUse for a holder; under the lock.</summary>
    private BackendConnection? PopFreeInto(object holder, string applicationName, long now, out long generation)
    {
        var top = _freeCount - 1;
        var cell = _free[top]!;
        _free[top] = null;
        Volatile.Write(ref _freeCount, top);
        cell.SetState(SlotState.InUse);
        Volatile.Write(ref _active, _active + 1);
        cell.Holder = holder;
        cell.ApplicationName = applicationName;
        cell.LastUsedTimestamp = now;
        generation = cell.LeaseGeneration;
        return cell.Connection;
    }

    private void CountLease()
    {
        if (_lanes.Counters is { } counters)
        {
            counters.AcquireRequested();
            counters.ConnectionLeased();
        }
    }

    /// <summary>
    /// The uncontended return of a clean backend: InUse -> Free and onto the stack. False when the cell is no longer
    /// this lease's (closed, flushed, flagged Gracefully, returned already) or its max_connection_age has passed: the
    /// pool manager decides those.
    /// </summary>
    /// <param name="generation">The lease being ended; 0 accepts any (the lane's own tests).</param>
    internal ReturnOutcome TryReturn(SlotCell cell, BackendConnection connection, long now, long generation)
    {
        LeaseAwaiter? next;
        long nextGeneration;
        lock (_gate)
        {
            if (!ReferenceEquals(cell.Lane, this) || !ReferenceEquals(cell.Connection, connection) || cell.State != SlotState.InUse
                || now >= cell.ExpiresTimestamp || (generation != 0 && generation != cell.LeaseGeneration))
            {
                return ReturnOutcome.NotReturned;
            }
            cell.LastUsedTimestamp = now;
            next = DequeueParkedFor(cell, out nextGeneration);
            if (next is null)
            {
                // A free cell does not keep the departed holder (a session's lease awaiter) alive.
                cell.Holder = null;
                cell.SetState(SlotState.Free);
                Volatile.Write(ref _active, _active - 1);
                Push(cell);
                return ReturnOutcome.Returned;
            }
        }
        // Completed outside the lock: the waiter's continuation runs on this thread, and must not find the lane held.
        next.CompleteHandOff(connection, nextGeneration);
        if (_lanes.Counters is { } counters)
        {
            counters.ConnectionLeased();
        }
        return ReturnOutcome.HandedOff;
    }

    /// <summary>The Free cell a lease would take next, for the pool manager's slow path (it then moves it with <see cref="TryMove"/>).</summary>
    internal SlotCell? PeekFree()
    {
        lock (_gate)
        {
            return _freeCount > 0 ? _free[_freeCount - 1] : null;
        }
    }

    /// <summary>
    /// The pool manager's state change of a cell of this lane; with <paramref name="expected"/>, only from that state
    /// (a Free cell may have been leased, an InUse one returned, since the manager last looked).
    /// </summary>
    internal bool TryMove(SlotCell cell, SlotState next, SlotState? expected, out SlotState previous)
    {
        lock (_gate)
        {
            previous = cell.State;
            if (expected is { } wanted && previous != wanted)
            {
                return false;
            }
            if (previous == next)
            {
                return true;
            }
            if (previous == SlotState.Free)
            {
                Remove(cell);
            }
            var active = _active;
            if (IsActive(previous))
            {
                active--;
            }
            cell.SetState(next);
            if (IsActive(next))
            {
                active++;
            }
            Volatile.Write(ref _active, active);
            if (next == SlotState.Free)
            {
                Push(cell);
            }
            return true;
        }
    }

    private static bool IsActive(SlotState state) => state is SlotState.InUse or SlotState.Gracefully;

    private void Push(SlotCell cell)
    {
        _free[_freeCount] = cell;
        Volatile.Write(ref _freeCount, _freeCount + 1);
    }

    private void Remove(SlotCell cell)
    {
        for (var i = _freeCount - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(_free[i], cell))
            {
                continue;
            }
            Array.Copy(_free, i + 1, _free, i, _freeCount - i - 1);
            _free[_freeCount - 1] = null;
            Volatile.Write(ref _freeCount, _freeCount - 1);
            return;
        }
    }
}
