using Agroal.Actors.Clients;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>
/// The one place node ids (1..127, carried in cancel keys) are handed out: a cluster singleton on the oldest member.
/// It keeps member incarnation (address#uid) → id, records it in Distributed Data with WriteMajority, and reads it
/// with ReadMajority when it starts (after a hand-over), dropping the entries of members no longer in the cluster.
/// </summary>
/// <remarks>
/// <para>Why no two members ever hold the same id:</para>
/// <list type="number">
/// <item>One allocator at a time: the singleton manager starts a new instance only after the previous one stopped
/// (hand-over) or its member was Removed (downed, after down-removal-margin). An instance left running on a downed
/// minority changes nothing: it answers a new or taken-over id only after its WriteMajority succeeded, which a side
/// cut off from the majority cannot do.</item>
/// <item>An allocator's table is injective, and it hands out an id only by (a) repeating a member's entry, (b) taking
/// over the id a member says it holds when no other entry has it, or (c) the lowest id no entry has.</item>
/// <item>It gives a fresh id (c) only when every member of its view that was ever Up (Up, Leaving, Exiting, Down,
/// reachable or not) is accounted for: it has an entry, or it has asked this allocator since it started and so told
/// it which id it holds. A Down member without an entry holds grants up until it is Removed.</item>
/// <item>A node takes an id only from the answer to its latest request (<see cref="NodeIdRequest.Sequence"/>), so a
/// late answer of a previous allocator is ignored, and it asks only once Up; it tells every later request its id.</item>
/// <item>A member that holds an id is in the view of every later allocator until it is Removed: it was moved to Up
/// at gossip convergence, which the allocator's member, older than it, had seen.</item>
/// </list>
/// So when an allocator hands out id n fresh, every member holding an id is in its view (5) and accounted for (3): if
/// it held n, n would be in the table, by its entry or by (b), and not free. Removing an entry only on MemberRemoved
/// (or at start, for members gone from the view) frees the id of a member that can never come back: a restarted
/// node is a new incarnation. The Distributed Data copy only spares the next allocator the wait for the announcements;
/// nothing depends on a majority read seeing the last write while members come and go.
/// </remarks>
public sealed class NodeIdAllocator : UntypedActor, IWithStash, IWithTimers
{
    private static readonly TimeSpan MajorityTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly IActorRef _replicator;
    private readonly Dictionary<string, int> _table = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _heardFrom = new(StringComparer.Ordinal);
    private readonly List<(IActorRef Node, NodeIdRequest Request)> _awaitingWrite = [];
    private bool _loaded;
    private bool _writing;
    private bool _writeAgain;

    public NodeIdAllocator(ILogger logger)
    {
        _logger = logger;
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
        _replicator = DistributedData.Get(Context.System).Replicator;
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ILogger logger) => Akka.Actor.Props.Create(() => new NodeIdAllocator(logger));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterEvent.CurrentClusterState state:
                foreach (var member in state.Members)
                {
                    _members[NodeIdClaimsKey.EntryOf(member.UniqueAddress)] = member;
                }
                // The view first, then the read: the read's stale entries are judged against it.
                Load();
                break;
            case Step.Load:
                Load();
                break;
            case GetSuccess { Request: Step.Load } read:
                Loaded(read.Get(NodeIdClaimsKey.Key));
                break;
            case NotFound { Request: Step.Load }:
                Loaded(LWWDictionary<string, int>.Empty);
                break;
            case GetFailure { Request: Step.Load }:
                NodeIdLog.NoMajority(_logger, "read");
                Timers.StartSingleTimer(Step.Load, Step.Load, RetryPause);
                break;
            case NodeIdRequest when !_loaded || _writing:
                Stash.Stash();
                break;
            case NodeIdRequest request:
                OnRequest(request, Sender);
                break;
            case UpdateSuccess { Request: Step.Write }:
                Written();
                break;
            case IUpdateFailure { Request: Step.Write }:
                // The table stays; the same whole table is written again, and the nodes are answered once it is.
                NodeIdLog.NoMajority(_logger, "write");
                Timers.StartSingleTimer(Step.Write, Step.Write, RetryPause);
                break;
            case Step.Write:
                Write();
                break;
            case ClusterEvent.MemberRemoved removed:
                var entry = NodeIdClaimsKey.EntryOf(removed.Member.UniqueAddress);
                _members.Remove(entry);
                _heardFrom.Remove(entry);
                if (_loaded && _table.Remove(entry, out var freed))
                {
                    NodeIdLog.Freed(_logger, entry, freed);
                    RequestWrite();
                }
                break;
            case ClusterEvent.IMemberEvent changed:
                _members[NodeIdClaimsKey.EntryOf(changed.Member.UniqueAddress)] = changed.Member;
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Load() =>
        _replicator.Tell(Dsl.Get(NodeIdClaimsKey.Key, new ReadMajority(MajorityTimeout), Step.Load), Self);

    /// <summary>Keeps the recorded entries of members still in the view; an id two entries hold is dropped (its holders tell theirs again).</summary>
    private void Loaded(LWWDictionary<string, int> recorded)
    {
        if (_loaded)
        {
            return;
        }
        var holders = new Dictionary<int, int>();
        foreach (var (_, id) in recorded.Entries)
        {
            holders[id] = holders.GetValueOrDefault(id) + 1;
        }
        var dropped = false;
        foreach (var (entry, id) in recorded.Entries)
        {
            if (_members.ContainsKey(entry) && holders[id] == 1)
            {
                _table[entry] = id;
            }
            else
            {
                dropped = true;
            }
        }
        _loaded = true;
        NodeIdLog.AllocatorStarted(_logger, _table.Count);
        if (dropped)
        {
            RequestWrite();
        }
        Stash.UnstashAll();
    }

    private void OnRequest(NodeIdRequest request, IActorRef node)
    {
        _heardFrom.Add(request.Member);
        if (_table.TryGetValue(request.Member, out var id))
        {
            Answer(node, request, id);
            return;
        }
        if (request.HeldId > 0 && request.HeldId <= CancelKeyRegistry.MaxNodeIndex && _members.ContainsKey(request.Member) && !Holds(request.HeldId))
        {
            // (b): a holder this allocator has no entry for (it started after the grant); its id is free here.
            _table[request.Member] = request.HeldId;
            NodeIdLog.Adopted(_logger, request.Member, request.HeldId);
            AnswerAfterWrite(node, request);
            return;
        }
        if (!_members.TryGetValue(request.Member, out var member) || member.Status != MemberStatus.Up || !AllAccountedFor())
        {
            // Not Up here yet, or a member that may hold an id has not told it: the node asks again shortly.
            return;
        }
        var free = LowestFree();
        if (free == 0)
        {
            NodeIdLog.NoFreeId(_logger, request.Member, CancelKeyRegistry.MaxNodeIndex);
            return;
        }
        if (request.HeldId > 0)
        {
            NodeIdLog.Reassigned(_logger, request.Member, request.HeldId, free);
        }
        _table[request.Member] = free;
        NodeIdLog.Granted(_logger, request.Member, free);
        AnswerAfterWrite(node, request);
    }

    /// <summary>Every member that was ever Up has an entry or has told this allocator what it holds.</summary>
    private bool AllAccountedFor()
    {
        foreach (var (entry, member) in _members)
        {
            if (member.Status is MemberStatus.Joining or MemberStatus.WeaklyUp)
            {
                continue;
            }
            if (!_table.ContainsKey(entry) && !_heardFrom.Contains(entry))
            {
                return false;
            }
        }
        return true;
    }

    private bool Holds(int id)
    {
        foreach (var held in _table.Values)
        {
            if (held == id)
            {
                return true;
            }
        }
        return false;
    }

    private int LowestFree()
    {
        for (var id = 1; id <= CancelKeyRegistry.MaxNodeIndex; id++)
        {
            if (!Holds(id))
            {
                return id;
            }
        }
        return 0;
    }

    private void AnswerAfterWrite(IActorRef node, NodeIdRequest request)
    {
        _awaitingWrite.Add((node, request));
        RequestWrite();
    }

    private void RequestWrite()
    {
        if (_writing)
        {
            _writeAgain = true;
            return;
        }
        Write();
    }

    /// <summary>Writes the whole table (idempotent, so a failed write is simply repeated).</summary>
    private void Write()
    {
        _writing = true;
        _writeAgain = false;
        var snapshot = new Dictionary<string, int>(_table, StringComparer.Ordinal);
        var cluster = _cluster;
        _replicator.Tell(Dsl.Update(NodeIdClaimsKey.Key, LWWDictionary<string, int>.Empty, new WriteMajority(MajorityTimeout), Step.Write,
            map => Synchronised(map, snapshot, cluster)), Self);
    }

    private static LWWDictionary<string, int> Synchronised(LWWDictionary<string, int> map, Dictionary<string, int> table, Akka.Cluster.Cluster cluster)
    {
        foreach (var (entry, _) in map.Entries)
        {
            if (!table.ContainsKey(entry))
            {
                map = map.Remove(cluster, entry);
            }
        }
        foreach (var (entry, id) in table)
        {
            if (!map.TryGetValue(entry, out var recorded) || recorded != id)
            {
                map = map.SetItem(cluster, entry, id);
            }
        }
        return map;
    }

    private void Written()
    {
        if (_writeAgain)
        {
            Write();
            return;
        }
        _writing = false;
        foreach (var (node, request) in _awaitingWrite)
        {
            if (_table.TryGetValue(request.Member, out var id))
            {
                Answer(node, request, id);
            }
        }
        _awaitingWrite.Clear();
        Push();
        Stash.UnstashAll();
    }

    private void Answer(IActorRef node, NodeIdRequest request, int id)
    {
        var (ids, addresses) = Snapshot();
        node.Tell(new NodeIdGrant(id, request.Sequence, ids, addresses), Self);
    }

    /// <summary>Every member's table, at once after a change, so that cancel routes follow joins and removals.</summary>
    private void Push()
    {
        var (ids, addresses) = Snapshot();
        var table = new NodeIdTable(ids, addresses);
        foreach (var member in _members.Values)
        {
            if (member.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting)
            {
                Context.ActorSelection(new RootActorPath(member.Address) / "user" / NodeIdClient.Name).Tell(table, Self);
            }
        }
    }

    private (int[] Ids, string[] Addresses) Snapshot()
    {
        var ids = new int[_table.Count];
        var addresses = new string[_table.Count];
        var i = 0;
        foreach (var (entry, id) in _table)
        {
            ids[i] = id;
            addresses[i] = NodeIdClaimsKey.AddressOf(entry).ToString();
            i++;
        }
        return (ids, addresses);
    }

    private enum Step
    {
        Load,
        Write,
    }
}
