using Agroal.Actors.Errors;
using Agroal.Actors.Runtime;
using Akka.Actor;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Pool;

/// <summary>
/// Owns the slot table: leases Free backends most-recently-used first, opens new ones within max_connections and the
/// limits, queues clients FIFO until blocking_timeout, and evicts an idle backend of another user/database when that
/// is the only way to serve a waiter. Every slot state change it makes goes through <see cref="ChangeState"/>; the
/// per-transaction flips between Free and InUse are made by the sessions themselves in the shared <see cref="PoolLanes"/>
/// while nobody waits, and the manager sees them in the slot cells.
/// </summary>
public sealed partial class PoolManagerActor : UntypedActor, IWithTimers
{
    // Timer keys: one timer per concern, re-armed by key.
    private const string DeadlineTimerKey = "waiter-deadline";
    private const string ShutdownTimerKey = "shutdown-deadline";
    private const string HealthTimerKey = "health-check";
    private const string IdleTimerKey = "idle-timeout";
    private const string AgeTimerKey = "max-connection-age";
    private const string ValidationTimerKey = "background-validation";

    // All of the actor's state lives here; the partials hold the behaviour by concern.
    private readonly BackendConnector _connector;
    private readonly ILogger _logger;
    private readonly PoolSlot[] _slots;
    private readonly Stack<int> _notInit = new();
    private readonly PoolLanes _lanes;
    private readonly Dictionary<int, int> _backendsPerRule = new();
    private readonly Dictionary<IActorRef, int> _slotByActor = new(ReferenceEqualityComparer.Instance);
    private readonly LinkedList<PoolWaiter> _waiters = new();
    private readonly PoolCounters _counters;
    private readonly PoolLifecycle _lifecycle;
    private readonly List<ServerRecord> _servers;
    /// <summary>Keys whose login the server refused: not prefilled again.</summary>
    private readonly HashSet<PoolKey> _prefillStopped = [];
    private PoolOptions _options;
    private int _total;
    private ShutdownPhase _shutdown;
    private IActorRef? _failoverActor;
    /// <summary>The waiter whose deadline the timer is armed for: the timer is re-armed only when the head changes.</summary>
    private PoolWaiter? _deadlineArmedFor;

    private enum ShutdownPhase
    {
        None,
        Graceful,
        Exiting,
    }

    /// <param name="lanes">Shared with the client sessions for their fast lease and return; one of the pool's own when null.</param>
    public PoolManagerActor(PoolOptions options, BackendConnector connector, PoolCounters counters, ILogger logger, PoolLifecycle? lifecycle = null,
        PoolLanes? lanes = null)
    {
        _options = options;
        _budgetMaxConnections = options.ClusterBudget ? 0 : int.MaxValue;
        _lifecycle = lifecycle ?? new PoolLifecycle();
        _servers = CreateServerRecords(options.Servers);
        _connector = connector;
        _counters = counters;
        _logger = logger;
        _lanes = lanes ?? new PoolLanes(options.MaxConnections);
        if (_lanes.Cells.Length != options.MaxConnections)
        {
            throw new ArgumentException($"the lanes have {_lanes.Cells.Length} cells for max_connections = {options.MaxConnections}", nameof(lanes));
        }
        _lanes.RequireLeaseCheck(options.Validation == Configuration.ValidationMode.Foreground);
        counters.AttachLanes(_lanes);
        _lanes.UseCounters(counters);
        _slots = new PoolSlot[options.MaxConnections];
        for (var i = options.MaxConnections - 1; i >= 0; i--)
        {
            _slots[i] = new PoolSlot(_lanes.Cells[i]);
            _notInit.Push(i);
        }
    }

    /// <summary>Keyed timers (maintenance, deadlines, probes); set by Akka before the actor starts.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A crashed slot actor ends that backend only.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void OnReceive(object message)
    {
        if (message is PoolProtocol.CheckDeadlines && _lent is { } lane)
        {
            OnCheckDeadlinesWhileLent(lane);
        }
        else if (message is PoolProtocol.Acquire acquire && _lent is { } lentTo && TryParkWhileLent(lentTo, acquire))
        {
            // Parked behind the lane's queue, as the manager would have queued it: the queue stayed where it was.
        }
        else if (message is PoolProtocol.Release release && _lent is not null && TryReturnWhileLent(release))
        {
            // Returned through the lane, as the session itself would have: the queue stayed where it was.
        }
        else
        {
            // Whatever else the manager does may open, evict, close or refuse: it does so with its whole queue.
            TakeBackLent();
            Handle(message);
        }
        LendIfOnlyReturnsCanServe();
    }

    private void Handle(object message)
    {
        switch (message)
        {
            case PoolProtocol.Acquire acquire:
                OnAcquire(acquire);
                break;
            case PoolProtocol.Release release:
                OnRelease(release);
                break;
            case PoolProtocol.ReturnedWhileWaited:
                OnReturnedWhileWaited();
                break;
            case PoolProtocol.Abandon abandon:
                OnAbandon(abandon);
                break;
            case PoolProtocol.BackendReady ready:
                OnBackendReady(ready);
                break;
            case PoolProtocol.BackendFailed failed:
                OnBackendFailed(failed);
                break;
            case PoolProtocol.BackendGone gone:
                OnBackendGone(gone.Connection);
                break;
            case Terminated terminated:
                OnSlotActorTerminated(terminated.ActorRef);
                break;
            case PoolProtocol.CheckDeadlines:
                OnCheckDeadlines();
                break;
            case Cluster.ConnectionBudgetCap cap:
                OnBudgetCap(cap);
                break;
            case PoolProtocol.Reconfigure reconfigure:
                // The pipeline needs a restart, so a reload never changes TransactionMode.
                _options = reconfigure.Options with { MaxConnections = _options.MaxConnections, TransactionMode = _options.TransactionMode };
                OnBudgetsReconfigured();
                OnReconfigured(reconfigure.Duplicates);
                break;
            case PoolProtocol.Flush flush:
                Answer(OnFlush(flush));
                break;
            case PoolProtocol.DisableDatabase disable:
                Answer(OnDisableDatabase(disable.Database));
                break;
            case PoolProtocol.EnableDatabase enable:
                Answer(OnEnableDatabase(enable.Database));
                break;
            case PoolProtocol.BeginGracefulShutdown graceful:
                Answer(BeginGracefulShutdown(graceful.Timeout ?? _options.FlushTimeout));
                break;
            case PoolProtocol.CancelShutdown:
                Answer(CancelShutdown());
                break;
            case PoolProtocol.ShutdownImmediately:
                Answer(OnShutdownImmediately());
                break;
            case PoolProtocol.SwitchTo switchTo:
                Answer(SwitchTo(switchTo.Server));
                break;
            case PoolProtocol.ClearServer clear:
                Answer(ClearServer(clear.Server));
                break;
            case PoolProtocol.GetStatus:
                Sender?.Tell(BuildStatus(), Self);
                break;
            case PoolProtocol.MaintenanceTick tick:
                OnMaintenanceTick(tick.Kind);
                break;
            case PoolProtocol.ValidationCompleted validated:
                OnValidationCompleted(validated);
                break;
            case PoolProtocol.Prefill prefill:
                TopUp(prefill.Initial);
                break;
            case PoolProtocol.ProbeServer probe:
                OnProbeServer(probe.ServerIndex);
                break;
            case PoolProtocol.HealthProbed probed:
                OnHealthProbed(probed);
                break;
            case PoolProtocol.RegisterFailover register:
                _failoverActor = register.FailoverActor;
                break;
            case PoolProtocol.FailoverCompleted completed:
                OnFailoverCompleted(completed);
                break;
            case PoolProtocol.BackendBroken broken:
                OnBackendBroken(broken.Server);
                break;
            case PoolProtocol.CheckPrimary check:
                ProbePrimary(check.ServerIndex, check.Attempt);
                break;
            case PoolProtocol.PrimaryChecked check:
                OnPrimaryChecked(check);
                break;
            case PoolProtocol.GetServers:
                Sender?.Tell(BuildServers(), Self);
                break;
            case PoolProtocol.ShutdownDeadline:
                OnShutdownDeadline();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Answers the sender, if any: the request is carried out before, so one without a sender (a signal) still is.</summary>
    private void Answer(object reply) => Sender?.Tell(reply, Self);

    /// <summary>
    /// The one door for the manager's slot state changes: keeps the counters, the lane and the slot actor in step.
    /// With <paramref name="expected"/> the change happens only from that state, since a session may have leased a
    /// Free slot or returned an InUse one since the manager looked; false when it did not happen.
    /// </summary>
    private bool ChangeState(PoolSlot slot, SlotState next, SlotState? expected = null)
    {
        SlotState previous;
        if (slot.Cell.Lane is { } lane)
        {
            if (!lane.TryMove(slot.Cell, next, expected, out previous))
            {
                return false;
            }
        }
        else
        {
            previous = slot.State;
            if (expected is { } wanted && previous != wanted)
            {
                return false;
            }
            slot.Cell.SetState(next);
        }
        if (previous == next)
        {
            return true;
        }
        if (previous == SlotState.NotInit)
        {
            _total++;
        }
        if (next == SlotState.NotInit)
        {
            _total--;
            if (slot.RuleIndex >= 0)
            {
                _backendsPerRule[slot.RuleIndex]--;
            }
            if (slot.Actor is { } actor)
            {
                _slotByActor.Remove(actor);
            }
            slot.Clear();
            _notInit.Push(slot.Id);
        }
        PublishGauges();
        // The actor follows the lifecycle states; the per-transaction flips between Free and InUse are not its business.
        if (next is not (SlotState.NotInit or SlotState.Init or SlotState.Free or SlotState.InUse) && slot.Actor is { } slotActor)
        {
            slotActor.Tell(new ServerConnectionProtocol.Assign(next), Self);
        }
        if (_shutdown == ShutdownPhase.Graceful && IsActive(previous))
        {
            CheckGracefulShutdown();
        }
        return true;
    }

    private static bool IsActive(SlotState state) => state is SlotState.InUse or SlotState.Gracefully;

    /// <summary>Backends in use: counted by the lanes, since sessions lease and return without telling the manager.</summary>
    private int ActiveCount => _lanes.CountActive();

    /// <summary>Publishes the waiter count to the fast paths (with a full fence, see <see cref="PoolLanes"/>) and the gauges.</summary>
    private void PublishGauges()
    {
        _lanes.PublishWaiting(_waiters.Count);
        _counters.SetGauges(_total, ActiveCount, _waiters.Count);
    }

    /// <summary>A session returned a backend on its own while clients were queued.</summary>
    private void OnReturnedWhileWaited()
    {
        if (_waiters.Count > 0)
        {
            ServeWaiters();
            ArmDeadlineTimer();
        }
        CheckGracefulShutdown();
    }

    private long Now => Context.System.TimeProvider.GetTimestamp();

    private PoolProtocol.Status BuildStatus()
    {
        var slots = new List<PoolProtocol.SlotStatus>(_total);
        foreach (var slot in _slots)
        {
            if (slot.State == SlotState.NotInit)
            {
                continue;
            }
            slots.Add(new PoolProtocol.SlotStatus(slot.Id, slot.State, slot.Key?.User, slot.Key?.Database,
                slot.Connection?.Server.Name, slot.ApplicationName, slot.CreatedTimestamp, slot.LastUsedTimestamp,
                slot.State is SlotState.InUse or SlotState.Gracefully ? slot.Holder?.ToString() : null, slot.Connection?.Queries ?? 0));
        }
        var waiting = new List<PoolKey>(_waiters.Count);
        foreach (var waiter in _waiters)
        {
            waiting.Add(waiter.Request.Key);
        }
        return new PoolProtocol.Status(_options.MaxConnections, _total, ActiveCount, _waiters.Count, slots, waiting);
    }

    protected override void PostStop()
    {
        TakeBackLent(serve: false);
        foreach (var waiter in _waiters)
        {
            waiter.Request.ReplyTo.Tell(new PoolProtocol.Refused(PoolerErrors.ShuttingDown, waiter.Request.Ticket));
        }
        _waiters.Clear();
        foreach (var slot in _slots)
        {
            slot.Connection?.Abort();
        }
    }
}
