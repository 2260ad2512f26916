using Agroal.Actors.Clients;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>
/// /user/node-id: once this node is Up, claims the lowest node id (1..127) no other member holds, puts it into the
/// cancel keys it issues from then on, and keeps every member's id → address for <see cref="CancelForwarder"/>.
/// </summary>
/// <remarks>
/// Why two members never keep the same id: a claim is written with WriteMajority and then read back with
/// ReadMajority, and a member keeps its id only if that read shows no other member holding it (otherwise it withdraws
/// its claim and tries again after a random pause). Any write majority and read majority share a replica. If A and B
/// both kept id n, A's read (which starts after A's write finished) missed B's claim, so it finished before B's write
/// finished; likewise B's read finished before A's write finished. Then A's write ends before A's read, before B's
/// write ends, before B's read, before A's write ends: impossible. Both withdrawing is possible, never both keeping.
/// Claims of removed members are deleted by every survivor on MemberRemoved; a restarted node is a new incarnation
/// with its own entry. Id 0 is never claimed: it marks keys issued before the claim (see <see cref="CancelForwarder"/>).
/// </remarks>
public sealed class NodeIdClaimActor : UntypedActor, IWithTimers
{
    private static readonly TimeSpan MajorityTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private readonly ClusterContext _context;
    private readonly ILogger _logger;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly IActorRef _replicator;
    private readonly string _selfEntry;
    private readonly Dictionary<int, Address> _routes = [];
    private CancelForwarder? _forwarder;
    private int _claiming;

    public NodeIdClaimActor(ClusterContext context)
    {
        _context = context;
        _logger = context.LoggerFactory.CreateLogger("Agroal.Actors.Cluster");
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
        _replicator = DistributedData.Get(Context.System).Replicator;
        _selfEntry = NodeIdClaimsKey.EntryOf(_cluster.SelfUniqueAddress);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClusterContext context) => Akka.Actor.Props.Create(() => new NodeIdClaimActor(context));

    protected override void PreStart()
    {
        var self = Self;
        _cluster.RegisterOnMemberUp(() => self.Tell(Step.Choose));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Step.Choose:
                _replicator.Tell(Dsl.Get(NodeIdClaimsKey.Key, new ReadMajority(MajorityTimeout), Step.Choose), Self);
                break;
            case GetSuccess { Request: Step.Choose } read:
                Choose(read.Get(NodeIdClaimsKey.Key));
                break;
            case NotFound { Request: Step.Choose }:
                Choose(LWWDictionary<string, int>.Empty);
                break;
            case UpdateSuccess { Request: Step.Verify }:
                _replicator.Tell(Dsl.Get(NodeIdClaimsKey.Key, new ReadMajority(MajorityTimeout), Step.Verify), Self);
                break;
            case GetSuccess { Request: Step.Verify } read:
                Verify(read.Get(NodeIdClaimsKey.Key));
                break;
            case UpdateSuccess { Request: Step.Withdrawn }:
                // A random pause so that two members that clashed do not clash again in step.
                Timers.StartSingleTimer(Step.Choose, Step.Choose, TimeSpan.FromMilliseconds(Random.Shared.Next(100, 1500)));
                break;
            case IUpdateFailure { Request: Step step }:
                Retry(step);
                break;
            case GetFailure { Request: Step step }:
                Retry(step);
                break;
            case Changed changed when changed.Key.Equals(NodeIdClaimsKey.Key):
                UpdateRoutes(changed.Get(NodeIdClaimsKey.Key));
                break;
            case ClusterEvent.MemberRemoved removed:
                var entry = NodeIdClaimsKey.EntryOf(removed.Member.UniqueAddress);
                _replicator.Tell(Dsl.Update(NodeIdClaimsKey.Key, LWWDictionary<string, int>.Empty, WriteLocal.Instance,
                    map => map.Remove(_cluster, entry)), Self);
                break;
            case UpdateSuccess:
            case IUpdateFailure:
            case ClusterEvent.IClusterDomainEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Retry(Step step)
    {
        NodeIdClaimLog.NoMajority(_logger, _context.Settings.SelfAddress, step.ToString());
        // A failed verification or withdrawal starts over from the choice: it re-reads, then rewrites its own entry.
        Timers.StartSingleTimer(Step.Choose, Step.Choose, RetryPause);
    }

    private void Choose(LWWDictionary<string, int> claims)
    {
        var taken = new HashSet<int>();
        foreach (var (entry, id) in claims.Entries)
        {
            if (entry != _selfEntry)
            {
                taken.Add(id);
            }
        }
        var free = 0;
        for (var id = 1; id <= CancelKeyRegistry.MaxNodeIndex; id++)
        {
            if (!taken.Contains(id))
            {
                free = id;
                break;
            }
        }
        if (free == 0)
        {
            NodeIdClaimLog.NoFreeId(_logger, _context.Settings.SelfAddress, CancelKeyRegistry.MaxNodeIndex);
            return;
        }
        _claiming = free;
        _replicator.Tell(Dsl.Update(NodeIdClaimsKey.Key, LWWDictionary<string, int>.Empty, new WriteMajority(MajorityTimeout), Step.Verify,
            map => map.SetItem(_cluster, _selfEntry, free)), Self);
    }

    private void Verify(LWWDictionary<string, int> claims)
    {
        foreach (var (entry, id) in claims.Entries)
        {
            if (id == _claiming && entry != _selfEntry)
            {
                NodeIdClaimLog.Clash(_logger, _context.Settings.SelfAddress, _claiming);
                _replicator.Tell(Dsl.Update(NodeIdClaimsKey.Key, LWWDictionary<string, int>.Empty, new WriteMajority(MajorityTimeout), Step.Withdrawn,
                    map => map.Remove(_cluster, _selfEntry)), Self);
                return;
            }
        }
        _context.Services.CancelKeys.AssignNodeIndex(_claiming);
        _context.Membership.SetNodeId(_claiming);
        var membership = _context.Membership;
        _forwarder = new CancelForwarder(Context.System, _claiming, membership.CountForwardedCancel);
        UpdateRoutes(claims);
        _context.Services.CancelForwarder = _forwarder;
        _replicator.Tell(Dsl.Subscribe(NodeIdClaimsKey.Key, Self), Self);
        NodeIdClaimLog.Claimed(_logger, _context.Settings.SelfAddress, _claiming);
    }

    /// <summary>Every other member's id → address; an id two entries hold for a moment (a claim about to be withdrawn) keeps its known owner.</summary>
    private void UpdateRoutes(LWWDictionary<string, int> claims)
    {
        if (_forwarder is null)
        {
            return;
        }
        var next = new Dictionary<int, Address>();
        var contested = new HashSet<int>();
        foreach (var (entry, id) in claims.Entries)
        {
            if (entry == _selfEntry)
            {
                continue;
            }
            var address = NodeIdClaimsKey.AddressOf(entry);
            if (!next.TryAdd(id, address))
            {
                contested.Add(id);
            }
        }
        foreach (var id in contested)
        {
            if (_routes.TryGetValue(id, out var known))
            {
                next[id] = known;
            }
            else
            {
                next.Remove(id);
            }
        }
        foreach (var id in _routes.Keys)
        {
            if (!next.ContainsKey(id))
            {
                _forwarder.RemoveNode(id);
            }
        }
        _routes.Clear();
        foreach (var (id, address) in next)
        {
            _routes[id] = address;
            _forwarder.SetNode(id, address);
        }
        _context.Membership.SetCancelRoutes(_routes.Count);
    }

    private enum Step
    {
        Choose,
        Verify,
        Withdrawn,
    }
}
