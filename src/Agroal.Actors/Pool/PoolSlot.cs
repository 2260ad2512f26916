using Akka.Actor;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;

namespace Agroal.Actors.Pool;

/// <summary>
/// The pool manager's record of one slot; only the manager touches it. What sessions flip without the manager (the
/// state between Free and InUse, the holder, the last-use time) lives in the slot's shared <see cref="SlotCell"/>.
/// </summary>
internal sealed class PoolSlot(SlotCell cell)
{
    public int Id => Cell.Id;

    public SlotCell Cell { get; } = cell;

    /// <summary>Changed only through the manager's ChangeState (under the lane lock) or a session's fast lease/return.</summary>
    public SlotState State => Cell.State;

    /// <summary>Counts the actors spawned for this slot: each gets a fresh name while its predecessor may still be stopping.</summary>
    public int Incarnation { get; set; }

    public BackendConnection? Connection
    {
        get => Cell.Connection;
        set => Cell.Connection = value;
    }

    public IActorRef? Actor { get; set; }

    public PoolKey? Key { get; set; }

    public int RuleIndex { get; set; } = -1;

    /// <summary>Index of the server in the pool's server table.</summary>
    public int ServerIndex { get; set; } = -1;

    public string? ApplicationName
    {
        get => Cell.ApplicationName;
        set => Cell.ApplicationName = value;
    }

    /// <summary>Who leased the slot last (status details show it while the slot is in use).</summary>
    public object? Holder
    {
        get => Cell.Holder;
        set => Cell.Holder = value;
    }

    public long CreatedTimestamp { get; set; }

    public long LastUsedTimestamp
    {
        get => Cell.LastUsedTimestamp;
        set => Cell.LastUsedTimestamp = value;
    }

    /// <summary>The waiter a backend is being opened (state Init) or validated (state Validation) for.</summary>
    public PoolWaiter? ReservedFor { get; set; }

    public void Clear()
    {
        Connection = null;
        Actor = null;
        Key = null;
        RuleIndex = -1;
        ServerIndex = -1;
        ApplicationName = null;
        Holder = null;
        ReservedFor = null;
        Cell.Lane = null;
        Cell.ExpiresTimestamp = long.MaxValue;
    }
}
