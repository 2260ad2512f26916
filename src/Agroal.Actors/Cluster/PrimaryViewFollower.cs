using Agroal.Actors.Pool;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>
/// This node's side of the shared primary, one per node. It registers as the pool's failover actor, so a primary the
/// pool gives up on becomes a <see cref="PrimaryFailureReport"/> to the coordinator (re-sent until answered, which
/// covers a coordinator hand-over) instead of a local script run. It reads the <see cref="PrimaryView"/> with a majority
/// at start (the ready listener learns when), subscribes to it, and on every newer epoch tells the pool
/// <see cref="PoolProtocol.SwitchTo"/>: new backends go to the new primary, the old one's are flushed. Management's
/// switch-to goes through the coordinator (a new epoch, followed by every node); clear server is published to every
/// node's follower.
/// </summary>
public sealed class PrimaryViewFollower : UntypedActor, IWithTimers
{
    private const string RetryTimer = "report-retry";
    private readonly IActorRef _pool;
    private readonly IActorRef _coordinator;
    private readonly string _node;
    private readonly PrimaryViewFollowerSettings _settings;
    private readonly IActorRef? _readyListener;
    private readonly ILogger _logger;
    private readonly IActorRef _replicator;
    private readonly IActorRef _mediator;
    private PrimaryView _view = new(string.Empty, 0);
    private FailoverRequest? _pending;
    private bool _ready;
    private DateTime _readDeadline;

    public PrimaryViewFollower(IActorRef pool, IActorRef coordinator, string node, PrimaryViewFollowerSettings settings, IActorRef? readyListener, ILogger logger)
    {
        _pool = pool;
        _coordinator = coordinator;
        _node = node;
        _settings = settings;
        _readyListener = readyListener;
        _logger = logger;
        _replicator = DistributedData.Get(Context.System).Replicator;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _pool.Tell(new PoolProtocol.RegisterFailover(Self), Self);
        _mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(ClearServerBroadcast.Topic, Self), Self);
        _readDeadline = Context.System.Scheduler.Now.UtcDateTime + _settings.ReadTimeout;
        var self = Self;
        Akka.Cluster.Cluster.Get(Context.System).RegisterOnMemberUp(() => self.Tell(PrimaryViewFollowerProtocol.CountReplicas.Instance));
    }

    /// <summary>
    /// Right after this node is Up its replicator may not know the other members yet, and a majority of one is this node
    /// alone: the read waits (up to the read timeout) until the replicator counts every Up member.
    /// </summary>
    private void OnReplicaCount(int replicas)
    {
        var up = 0;
        foreach (var member in Akka.Cluster.Cluster.Get(Context.System).State.Members)
        {
            if (member.Status == Akka.Cluster.MemberStatus.Up)
            {
                up++;
            }
        }
        if (replicas >= up || Context.System.Scheduler.Now.UtcDateTime >= _readDeadline)
        {
            _replicator.Tell(Dsl.Get(PrimaryViewKey.Key, new ReadMajority(_settings.ReadTimeout)), Self);
            return;
        }
        Timers.StartSingleTimer(PrimaryViewFollowerProtocol.CountReplicas.Instance, PrimaryViewFollowerProtocol.CountReplicas.Instance, TimeSpan.FromMilliseconds(100));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case GetSuccess { Request: PrimaryViewFollowerProtocol.ClearAfterRead clear } success:
                Apply(success.Get(PrimaryViewKey.Key).Value);
                Clear(clear);
                break;
            case NotFound { Request: PrimaryViewFollowerProtocol.ClearAfterRead clear }:
                Clear(clear);
                break;
            case GetFailure { Request: PrimaryViewFollowerProtocol.ClearAfterRead clear }:
                PrimaryViewFollowerLog.ClearReadFailed(_logger, clear.Server, _settings.ClearReadTimeout.TotalSeconds);
                Clear(clear);
                break;
            case GetSuccess success when success.Key.Equals(PrimaryViewKey.Key):
                Apply(success.Get(PrimaryViewKey.Key).Value);
                Ready(fromMajority: success.Request is not ReadLocalMarker);
                break;
            case NotFound notFound when notFound.Key.Equals(PrimaryViewKey.Key):
                Ready(fromMajority: notFound.Request is not ReadLocalMarker);
                break;
            case GetFailure failure when failure.Key.Equals(PrimaryViewKey.Key):
                PrimaryViewFollowerLog.ReadMajorityFailed(_logger, _settings.ReadTimeout.TotalSeconds);
                _replicator.Tell(Dsl.Get(PrimaryViewKey.Key, ReadLocal.Instance, ReadLocalMarker.Instance), Self);
                break;
            case Changed changed when changed.Key.Equals(PrimaryViewKey.Key):
                Apply(changed.Get(PrimaryViewKey.Key).Value);
                break;
            case FailoverRequest request:
                _pending = request;
                Report();
                Timers.StartPeriodicTimer(RetryTimer, PrimaryViewFollowerProtocol.RetryReport.Instance, _settings.ReportRetry);
                break;
            case PrimaryViewFollowerProtocol.RetryReport:
                Report();
                break;
            case FailoverOutcome outcome:
                OnOutcome(outcome);
                break;
            case PrimaryViewFollowerProtocol.CountReplicas:
                _replicator.Tell(Dsl.GetReplicaCount, Self);
                break;
            case ReplicaCount count:
                OnReplicaCount(count.N);
                break;
            case PrimaryViewFollowerProtocol.GetView:
                Sender.Tell(_view, Self);
                break;
            case PrimaryViewFollowerProtocol.SwitchPrimary request:
                OnSwitchPrimary(request.Server);
                break;
            case PrimaryViewFollowerProtocol.SwitchAnswered answered:
                OnSwitchAnswered(answered);
                break;
            case PrimaryViewFollowerProtocol.ClearServer clear:
                OnClearServer(clear.Server);
                break;
            case ClearServerBroadcast broadcast:
                if (broadcast.Origin != _node)
                {
                    PrimaryViewFollowerLog.Clearing(_logger, broadcast.Server, broadcast.Origin);
                    ReadViewThenClear(new PrimaryViewFollowerProtocol.ClearAfterRead(broadcast.Server, Self, Publish: false));
                }
                break;
            case PoolProtocol.Done or SubscribeAck:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Ready(bool fromMajority)
    {
        if (_ready)
        {
            return;
        }
        _ready = true;
        PrimaryViewFollowerLog.Read(_logger, _view.Server, _view.Epoch, fromMajority);
        _replicator.Tell(Dsl.Subscribe(PrimaryViewKey.Key, Self), Self);
        _readyListener?.Tell(new PrimaryViewFollowerProtocol.ViewRead(_view, fromMajority), Self);
    }

    private void Apply(PrimaryView view)
    {
        if (view.Epoch <= _view.Epoch)
        {
            return;
        }
        _view = view;
        PrimaryViewFollowerLog.Switching(_logger, view.Server, view.Epoch);
        _pool.Tell(new PoolProtocol.SwitchTo(view.Server), Self);
        if (_pending is not null && view.Server == _pending.NewServer.Name)
        {
            EndPending();
        }
    }

    private void Report()
    {
        if (_pending is not { } request)
        {
            Timers.Cancel(RetryTimer);
            return;
        }
        PrimaryViewFollowerLog.Reporting(_logger, request.OldServer.Name, request.NewServer.Name, _view.Epoch);
        _coordinator.Tell(new PrimaryFailureReport(_node, request.OldServer.Name, request.OldServer.Host, request.OldServer.Port,
            request.NewServer.Name, request.NewServer.Host, request.NewServer.Port, _view.Epoch, "the pool gave up on the primary"), Self);
    }

    private void OnOutcome(FailoverOutcome outcome)
    {
        PrimaryViewFollowerLog.Answered(_logger, outcome.Verdict, outcome.PrimaryServer, outcome.Epoch, outcome.Detail);
        var request = _pending;
        if (request is null)
        {
            return;
        }
        switch (outcome.Verdict)
        {
            case FailoverVerdict.Promoted or FailoverVerdict.AlreadyPromoted or FailoverVerdict.AlreadyHandled:
                // The view may reach this node by gossip a moment after the answer; the answer carries it.
                Apply(new PrimaryView(outcome.PrimaryServer, outcome.Epoch));
                EndPending();
                break;
            case FailoverVerdict.PrimaryAnswers:
                _pool.Tell(new PoolProtocol.SwitchTo(request.OldServer.Name), Self);
                EndPending();
                break;
            default:
                _pool.Tell(new PoolProtocol.FailoverCompleted(request.OldIndex, request.NewIndex, Success: false), Self);
                EndPending();
                break;
        }
    }

    private bool IsKnown(string server)
    {
        if (_settings.Servers.Count == 0)
        {
            return true;
        }
        foreach (var name in _settings.Servers)
        {
            if (string.Equals(name, server, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private void OnSwitchPrimary(string server)
    {
        if (!IsKnown(server))
        {
            Sender.Tell(new PoolProtocol.Done(false, $"unknown server \"{server}\""), Self);
            return;
        }
        var replyTo = Sender;
        var timeout = _settings.SwitchTimeout;
        _coordinator.Ask<FailoverOutcome>(new SwitchPrimaryRequest(server, _node), timeout)
            .PipeTo(Self, success: outcome => new PrimaryViewFollowerProtocol.SwitchAnswered(outcome, null, replyTo),
                failure: _ => new PrimaryViewFollowerProtocol.SwitchAnswered(null,
                    $"the failover coordinator did not answer within {timeout.TotalSeconds:0} s", replyTo));
    }

    private void OnSwitchAnswered(PrimaryViewFollowerProtocol.SwitchAnswered answered)
    {
        if (answered.Outcome is { Verdict: FailoverVerdict.Promoted } outcome)
        {
            Apply(new PrimaryView(outcome.PrimaryServer, outcome.Epoch));
            answered.ReplyTo.Tell(PoolProtocol.Done.Ok, Self);
            return;
        }
        answered.ReplyTo.Tell(new PoolProtocol.Done(false, answered.Error ?? answered.Outcome?.Detail ?? "the coordinator refused the switch"), Self);
    }

    /// <summary>Clears the server here (the pool answers the operator), then on every other node.</summary>
    private void OnClearServer(string server)
    {
        if (!IsKnown(server))
        {
            Sender.Tell(new PoolProtocol.Done(false, $"unknown server \"{server}\""), Self);
            return;
        }
        ReadViewThenClear(new PrimaryViewFollowerProtocol.ClearAfterRead(server, Sender, Publish: true));
    }

    /// <summary>
    /// A clear comes after every switch a majority already holds: a switch-to that returned on another node marks the
    /// old primary Failed, and a clear asked after it must not be undone when that view reaches this node a moment
    /// later. The majority read applies the view first; the pool handles its SwitchTo before the ClearServer.
    /// </summary>
    private void ReadViewThenClear(PrimaryViewFollowerProtocol.ClearAfterRead clear)
        => _replicator.Tell(Dsl.Get(PrimaryViewKey.Key, new ReadMajority(_settings.ClearReadTimeout), clear), Self);

    private void Clear(PrimaryViewFollowerProtocol.ClearAfterRead clear)
    {
        _pool.Tell(new PoolProtocol.ClearServer(clear.Server), clear.ReplyTo);
        if (clear.Publish)
        {
            _mediator.Tell(new Publish(ClearServerBroadcast.Topic, new ClearServerBroadcast(clear.Server, _node)), Self);
        }
    }

    private void EndPending()
    {
        _pending = null;
        Timers.Cancel(RetryTimer);
    }

    /// <summary>Tags the fallback local read, so that the ready listener learns the view did not come from a majority.</summary>
    private sealed class ReadLocalMarker
    {
        public static readonly ReadLocalMarker Instance = new();
    }
}
