using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool.Lanes;

/// <summary>
/// The shared half of a pool slot, read and flipped outside the pool manager's mailbox: its state, its backend and
/// its timestamps. State changes happen only under the lock of the slot's <see cref="PoolLane"/>; the state is also
/// published with volatile writes so status and liveness can read it without the lock.
/// </summary>
public sealed class SlotCell
{
    private int _state;
    private long _lastUsedTimestamp;
    private long _leaseGeneration;

    internal SlotCell(int id)
    {
        Id = id;
    }

    public int Id { get; }

    public SlotState State => (SlotState)Volatile.Read(ref _state);

    /// <summary>The lane of the slot's pool key while the slot holds a backend (Init .. Remove); null when NotInit.</summary>
    public PoolLane? Lane { get; internal set; }

    public BackendConnection? Connection { get; internal set; }

    public long LastUsedTimestamp
    {
        get => Volatile.Read(ref _lastUsedTimestamp);
        internal set => Volatile.Write(ref _lastUsedTimestamp, value);
    }

    /// <summary>When max_connection_age retires the backend; a return after it goes through the pool manager, which closes it.</summary>
    public long ExpiresTimestamp { get; internal set; } = long.MaxValue;

    /// <summary>
    /// Who leased the slot last (status shows it while the slot is in use): an object whose <c>ToString</c> names it,
    /// so that a lease does not format a client's name and address that nobody may ever ask for.
    /// </summary>
    public object? Holder { get; internal set; }

    public string? ApplicationName { get; internal set; }

    /// <summary>
    /// Counts the leases of this slot: a return names the lease it ends, so a stale return (a session releasing twice,
    /// or after its backend was handed to the next client) never frees a backend someone else holds.
    /// </summary>
    public long LeaseGeneration => Volatile.Read(ref _leaseGeneration);

    /// <summary>Only the owning lane, under its lock, calls this; every move into InUse starts a new lease.</summary>
    internal void SetState(SlotState next)
    {
        if (next == SlotState.InUse)
        {
            Volatile.Write(ref _leaseGeneration, _leaseGeneration + 1);
        }
        Volatile.Write(ref _state, (int)next);
    }

    /// <summary>The lane hands the leased backend straight to the next client: a new lease, the state stays InUse.</summary>
    internal long BeginNextLease()
    {
        var next = _leaseGeneration + 1;
        Volatile.Write(ref _leaseGeneration, next);
        return next;
    }
}
