using Agroal.Actors.Clients;
using Agroal.Actors.Pool;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>
/// /user/cluster-node: keeps this node's view of the membership (for the management API and the metrics) and takes
/// the node out of service when it is downed or removed — also by the split-brain resolver on the minority side of a
/// partition — so that a node cut off from the majority never goes on serving clients alone.
/// </summary>
public sealed partial class ClusterNodeActor : UntypedActor
{
    private readonly ClusterContext _context;
    private readonly ILogger _logger;
    private readonly Dictionary<Address, Member> _members = [];
    private readonly HashSet<Address> _unreachable = [];
    private readonly Akka.Cluster.Cluster _cluster;
    private Address? _leader;
    private bool _outOfService;

    public ClusterNodeActor(ClusterContext context)
    {
        _context = context;
        _logger = context.LoggerFactory.CreateLogger("Agroal.Actors.Cluster");
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
    }

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));
        var self = Self;
        // Also called when the cluster extension shuts down without this node having seen its own removal.
        _cluster.RegisterOnMemberRemoved(() => self.Tell(SelfRemoved.Instance));
        Log.Joining(_logger, _cluster.SelfAddress.ToString(), string.Join(",", _context.Settings.SeedNodes));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterEvent.CurrentClusterState state:
                _members.Clear();
                _unreachable.Clear();
                foreach (var member in state.Members)
                {
                    _members[member.Address] = member;
                }
                foreach (var member in state.Unreachable)
                {
                    _unreachable.Add(member.Address);
                }
                _leader = state.Leader;
                break;
            case ClusterEvent.MemberRemoved removed:
                _members.Remove(removed.Member.Address);
                _unreachable.Remove(removed.Member.Address);
                Log.MemberRemoved(_logger, removed.Member.Address.ToString(), removed.PreviousStatus.ToString());
                if (removed.Member.Address == _cluster.SelfAddress)
                {
                    TakeOutOfService("removed");
                    if (removed.PreviousStatus == MemberStatus.Exiting)
                    {
                        // A graceful leave (cluster leave, or the process stopping): Akka has run its coordinated shutdown; the process follows.
                        _context.Lifecycle?.RequestExit(graceful: true);
                    }
                }
                break;
            case ClusterEvent.IMemberEvent changed:
                _members[changed.Member.Address] = changed.Member;
                Log.MemberStatus(_logger, changed.Member.Address.ToString(), changed.Member.Status.ToString());
                if (changed.Member.Status == MemberStatus.Down && changed.Member.Address == _cluster.SelfAddress)
                {
                    TakeOutOfService("downed");
                }
                break;
            case ClusterEvent.UnreachableMember unreachable:
                _unreachable.Add(unreachable.Member.Address);
                Log.Unreachable(_logger, unreachable.Member.Address.ToString());
                break;
            case ClusterEvent.ReachableMember reachable:
                _unreachable.Remove(reachable.Member.Address);
                Log.Reachable(_logger, reachable.Member.Address.ToString());
                break;
            case ClusterEvent.LeaderChanged leader:
                _leader = leader.Leader;
                break;
            case SelfRemoved:
                TakeOutOfService("removed");
                break;
            case ClusterEvent.IClusterDomainEvent:
                break;
            default:
                Unhandled(message);
                return;
        }
        Publish();
    }

    /// <summary>Refuse new clients, end the sessions and close every backend: the majority side now owns the work.</summary>
    private void TakeOutOfService(string reason)
    {
        if (_outOfService)
        {
            return;
        }
        _outOfService = true;
        _context.Membership.MarkOutOfCluster();
        _context.Services.RefuseNewClients = true;
        _context.Clients.Tell(ClientProtocol.DisconnectAll.Instance);
        _context.Pool.Tell(new PoolProtocol.Flush(FlushMode.All, null));
        Log.OutOfService(_logger, _cluster.SelfAddress.ToString(), reason);
    }

    private void Publish()
    {
        var entries = new List<ClusterMemberEntry>(_members.Count);
        Member? oldest = null;
        foreach (var member in _members.Values)
        {
            entries.Add(new ClusterMemberEntry(member.Address.ToString(), member.Status.ToString(), string.Join(",", member.Roles), !_unreachable.Contains(member.Address)));
            // Akka's singleton manager hands the singletons to the oldest member that is Up or Leaving (a leaving oldest keeps
            // them until it has handed them over), so that is where the failover coordinator runs.
            if (member.Status is MemberStatus.Up or MemberStatus.Leaving && (oldest is null || member.IsOlderThan(oldest)))
            {
                oldest = member;
            }
        }
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Address, b.Address));
        var selfStatus = _outOfService
            ? (_members.TryGetValue(_cluster.SelfAddress, out var selfMember) ? selfMember.Status.ToString() : "Removed")
            : (_members.TryGetValue(_cluster.SelfAddress, out var me) ? me.Status.ToString() : "Joining");
        _context.Membership.Publish(new ClusterMembersView(_cluster.SelfAddress.ToString(), selfStatus, _leader?.ToString() ?? "", oldest?.Address.ToString() ?? "", entries));
    }

    private sealed class SelfRemoved
    {
        public static readonly SelfRemoved Instance = new();
    }
}
