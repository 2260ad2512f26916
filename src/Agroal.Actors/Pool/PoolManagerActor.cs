using Agroal.Actors.Errors;
using Agroal.Actors.Runtime;
using Akka.Actor;
using Agroal.Actors.Pool.Backend;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Pool;

/// <summary>
/// Owns the slot table: leases Free backends most-recently-used first, opens new ones within max_connections and the
/// limits, queues clients FIFO until blocking_timeout, and evicts an idle backend of another user/database when that
/// is the only way to serve a waiter. Every slot state change goes through <see cref="ChangeState"/>.
/// </summary>
public sealed partial class PoolManagerActor : UntypedActor, IWithTimers
{
    private const string DeadlineTimerKey = "waiter-deadline";

    private readonly BackendConnector _connector;
    private readonly ILogger _logger;
    private readonly PoolSlot[] _slots;
    private readonly Stack<int> _notInit = new();
    private readonly Dictionary<PoolKey, Stack<(int SlotId, long Generation)>> _free = new();
    private readonly Dictionary<int, int> _backendsPerRule = new();
    private readonly Dictionary<IActorRef, int> _slotByActor = new(ReferenceEqualityComparer.Instance);
    private readonly LinkedList<PoolWaiter> _waiters = new();
    private readonly PoolCounters _counters;
    private PoolOptions _options;
    private int _total;
    private int _active;
    private int _freeCount;

    public PoolManagerActor(PoolOptions options, BackendConnector connector, PoolCounters counters, ILogger logger, PoolLifecycle? lifecycle = null)
    {
        _options = options;
        _lifecycle = lifecycle ?? new PoolLifecycle();
        _servers = CreateServerRecords(options.Servers);
        _connector = connector;
        _counters = counters;
        _logger = logger;
        _slots = new PoolSlot[options.MaxConnections];
        for (var i = options.MaxConnections - 1; i >= 0; i--)
        {
            _slots[i] = new PoolSlot(i);
            _notInit.Push(i);
        }
    }

    /// <summary>Keyed timers (maintenance, deadlines, probes); set by Akka before the actor starts.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A crashed slot actor ends that backend only.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PoolProtocol.Acquire acquire:
                OnAcquire(acquire);
                break;
            case PoolProtocol.Release release:
                OnRelease(release);
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
            case PoolProtocol.Reconfigure reconfigure:
                _options = reconfigure.Options with { MaxConnections = _options.MaxConnections };
                OnReconfigured();
                break;
            case PoolControl.Flush or PoolControl.EnableDatabase or PoolControl.DisableDatabase or PoolControl.BeginGracefulShutdown
                or PoolControl.CancelShutdown or PoolControl.SwitchTo or PoolControl.ClearServer or PoolControl.ShutdownImmediately:
                // Evaluated first: a request without a sender (a signal) must still be carried out.
                var done = OnControl(message);
                Sender?.Tell(done, Self);
                break;
            case PoolProtocol.GetStatus:
                Sender?.Tell(BuildStatus(), Self);
                break;
            default:
                if (!OnLifecycleMessage(message))
                {
                    Unhandled(message);
                }
                break;
        }
    }

    /// <summary>The one door for slot state changes: keeps the counters, the free stacks and the slot actor in step.</summary>
    private void ChangeState(PoolSlot slot, SlotState next)
    {
        var previous = slot.State;
        if (previous == next)
        {
            return;
        }
        if (previous == SlotState.NotInit)
        {
            _total++;
        }
        if (IsActive(previous))
        {
            _active--;
        }
        if (previous == SlotState.Free)
        {
            _freeCount--;
        }
        slot.State = next;
        if (IsActive(next))
        {
            _active++;
        }
        switch (next)
        {
            case SlotState.Free:
                _freeCount++;
                slot.FreeGeneration++;
                FreeStackFor(slot.Key!).Push((slot.Id, slot.FreeGeneration));
                break;
            case SlotState.NotInit:
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
                break;
        }
        _counters.SetGauges(_total, _active, _waiters.Count);
        if (next != SlotState.NotInit && slot.Actor is { } slotActor && next != SlotState.Init)
        {
            slotActor.Tell(new ServerConnectionProtocol.Assign(next), Self);
        }
        if (_shutdown == ShutdownPhase.Graceful && IsActive(previous))
        {
            CheckGracefulShutdown();
        }
    }

    private static bool IsActive(SlotState state) => state is SlotState.InUse or SlotState.Gracefully;

    private Stack<(int SlotId, long Generation)> FreeStackFor(PoolKey key)
    {
        if (!_free.TryGetValue(key, out var stack))
        {
            stack = new Stack<(int, long)>();
            _free[key] = stack;
        }
        return stack;
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
                slot.State is SlotState.InUse or SlotState.Gracefully ? slot.Holder : null, slot.Connection?.Queries ?? 0));
        }
        var waiting = new List<PoolKey>(_waiters.Count);
        foreach (var waiter in _waiters)
        {
            waiting.Add(waiter.Request.Key);
        }
        return new PoolProtocol.Status(_options.MaxConnections, _total, _active, _waiters.Count, slots, waiting);
    }

    protected override void PostStop()
    {
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
