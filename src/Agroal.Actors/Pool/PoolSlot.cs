using Akka.Actor;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool;

/// <summary>The pool manager's record of one slot. Only the manager touches it.</summary>
internal sealed class PoolSlot(int id)
{
    public int Id { get; } = id;

    public SlotState State { get; set; } = SlotState.NotInit;

    /// <summary>Bumped every time the slot becomes Free, so stale entries in the free stacks are recognised.</summary>
    public long FreeGeneration { get; set; }

    /// <summary>Counts the actors spawned for this slot: each gets a fresh name while its predecessor may still be stopping.</summary>
    public int Incarnation { get; set; }

    public BackendConnection? Connection { get; set; }

    public IActorRef? Actor { get; set; }

    public PoolKey? Key { get; set; }

    public int RuleIndex { get; set; } = -1;

    /// <summary>Index of the server in the pool's server table.</summary>
    public int ServerIndex { get; set; } = -1;

    public string? ApplicationName { get; set; }

    /// <summary>Who leased the slot last (status details show it while the slot is in use).</summary>
    public string? Holder { get; set; }

    public long CreatedTimestamp { get; set; }

    public long LastUsedTimestamp { get; set; }

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
    }
}
