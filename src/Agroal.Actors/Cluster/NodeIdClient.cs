using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>
/// /user/node-id on every node: once this node is Up it asks the <see cref="NodeIdAllocator"/> (through the singleton
/// proxy) for its id until one is confirmed, then tells it the id it holds every few seconds (how an allocator
/// started after a hand-over learns the holders). Only the answer to the latest request counts.
/// </summary>
public sealed class NodeIdClient : UntypedActor, IWithTimers
{
    public const string Name = "node-id";

    private readonly IActorRef _allocator;
    private readonly INodeIdListener _listener;
    private readonly NodeIdClientSettings _settings;
    private readonly ILogger _logger;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly string _self;
    private long _sequence;
    private int _heldId;

    public NodeIdClient(IActorRef allocator, INodeIdListener listener, NodeIdClientSettings settings, ILogger logger)
    {
        _allocator = allocator;
        _listener = listener;
        _settings = settings;
        _logger = logger;
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
        _self = NodeIdClaimsKey.EntryOf(_cluster.SelfUniqueAddress);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef allocator, INodeIdListener listener, NodeIdClientSettings settings, ILogger logger) =>
        Akka.Actor.Props.Create(() => new NodeIdClient(allocator, listener, settings, logger));

    protected override void PreStart()
    {
        var self = Self;
        // The allocator gives a fresh id only to an Up member.
        _cluster.RegisterOnMemberUp(() => self.Tell(Tick.Instance));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Tick:
                _sequence++;
                _allocator.Tell(new NodeIdRequest(_self, _heldId, _sequence), Self);
                Timers.StartSingleTimer(Tick.Instance, Tick.Instance, _heldId == 0 ? _settings.RetryInterval : _settings.RefreshInterval);
                break;
            case NodeIdGrant grant when grant.Sequence == _sequence:
                if (grant.NodeId != _heldId)
                {
                    if (_heldId != 0)
                    {
                        NodeIdLog.Changed(_logger, _cluster.SelfAddress.ToString(), _heldId, grant.NodeId);
                    }
                    _heldId = grant.NodeId;
                    _listener.Assigned(grant.NodeId);
                    NodeIdLog.Confirmed(_logger, _cluster.SelfAddress.ToString(), grant.NodeId);
                    Timers.StartSingleTimer(Tick.Instance, Tick.Instance, _settings.RefreshInterval);
                }
                Route(grant.Ids, grant.Addresses);
                break;
            case NodeIdGrant:
                // The answer to an earlier request, possibly from an allocator that has since handed over.
                break;
            case NodeIdTable table when _heldId != 0:
                Route(table.Ids, table.Addresses);
                break;
            case NodeIdTable:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Route(int[] ids, string[] addresses)
    {
        var others = new Dictionary<int, Address>();
        var self = _cluster.SelfAddress;
        for (var i = 0; i < ids.Length && i < addresses.Length; i++)
        {
            var address = Address.Parse(addresses[i]);
            if (!address.Equals(self))
            {
                others[ids[i]] = address;
            }
        }
        _listener.RoutesChanged(others);
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
