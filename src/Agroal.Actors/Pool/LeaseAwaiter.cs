using System.Threading.Tasks.Sources;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;
using Akka.Actor;

namespace Agroal.Actors.Pool;

/// <summary>
/// A client session's reusable reply address for a lease: completes a ValueTask without allocating per request, and
/// hands back any lease that arrives after the session stopped waiting, so a late reply never leaks a backend. The
/// same object is the session's place in a lane's queue (<see cref="PoolLane"/>): a return on the lane completes it
/// with the backend itself.
/// </summary>
public sealed class LeaseAwaiter : MinimalActorRef, IValueTaskSource<object>
{
    private const int Idle = 0;
    private const int Waiting = 1;

    private readonly IActorRef _pool;
    /// <summary>Who waits, made on first use from <see cref="_clientId"/> and <see cref="_clientEndPoint"/> when not given.</summary>
    private string? _name;
    private readonly long _clientId;
    private readonly System.Net.EndPoint? _clientEndPoint;
    private ActorPath? _path;
    private ManualResetValueTaskSourceCore<object> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _registration;

    /// <summary>The token <see cref="_registration"/> watches: a session waits with the same one for its whole life.</summary>
    private CancellationToken _registeredToken;
    private long _ticket;
    private int _state;
    private long _handOffGeneration;

    /// <summary>The lane this session is parked on, or null; written under that lane's lock.</summary>
    internal PoolLane? ParkedOn;

    /// <summary>The next client in the lane's queue (the lane's lock guards it).</summary>
    internal LeaseAwaiter? NextParked;

    internal object ParkedHolder = "";

    internal string ParkedApplicationName = "";

    /// <summary>When blocking_timeout refuses this parked client, in clock ticks.</summary>
    internal long ParkDeadline;

    /// <param name="name">Who waits (shown as the slot's holder); any text, it is escaped into the reference's path.</param>
    public LeaseAwaiter(IActorRef pool, string name)
        : this(pool)
    {
        _name = name;
    }

    /// <summary>A client session's: named "client-ID@ADDRESS" (or "@unix"), built only when something shows it.</summary>
    public LeaseAwaiter(IActorRef pool, long clientId, System.Net.EndPoint? clientEndPoint)
        : this(pool)
    {
        _clientId = clientId;
        _clientEndPoint = clientEndPoint;
    }

    private LeaseAwaiter(IActorRef pool)
    {
        _pool = pool;
        // A reply address of the pool's system that is no actor: Akka's MinimalActorRef, as its own Ask uses.
        Provider = ((IInternalActorRef)pool).Provider;
    }

    private string Name => _name ??= $"client-{_clientId}@{_clientEndPoint?.ToString() ?? "unix"}";

    /// <summary>Made on first use: most logins never show who waits (a benign race makes two equal paths at worst).</summary>
    public override ActorPath Path => _path ??= _pool.Path.Root / "temp" / Uri.EscapeDataString(Name);

    public override IActorRefProvider Provider { get; }

    /// <summary>The request being waited for (the pool manager's Acquire carries it).</summary>
    internal long Ticket => Volatile.Read(ref _ticket);

    /// <summary>True while this session waits for the current request.</summary>
    internal bool IsWaiting => Volatile.Read(ref _state) == Waiting;

    /// <summary>The lease number of the backend a lane handed over (the result was the connection itself).</summary>
    public long HandOffGeneration => Volatile.Read(ref _handOffGeneration);

    /// <summary>Asks the pool manager for a backend; the result is <see cref="PoolProtocol.Leased"/> or <see cref="PoolProtocol.Refused"/>.</summary>
    public ValueTask<object> AcquireAsync(PoolKey key, string applicationName, CancellationToken cancellationToken)
    {
        var ticket = BeginWaiting();
        _pool.Tell(new PoolProtocol.Acquire(key, this, ticket, applicationName), this);
        return Pending(cancellationToken);
    }

    /// <summary>
    /// Leases on the session's lane: a Free backend at once, or a place in the lane's queue. When parked,
    /// <paramref name="pending"/> completes with the <see cref="BackendConnection"/> a return hands over (its lease
    /// number in <see cref="HandOffGeneration"/>), or with the pool manager's Leased or Refused if it took its queue back.
    /// </summary>
    public LaneLeaseOutcome LeaseOrPark(PoolLane lane, object holder, string applicationName, CancellationToken cancellationToken,
        out BackendConnection? leased, out long generation, out ValueTask<object> pending)
    {
        BeginWaiting();
        var outcome = lane.TryLeaseOrPark(this, holder, applicationName, out leased, out generation);
        if (outcome is LaneLeaseOutcome.Leased or LaneLeaseOutcome.NotParked)
        {
            Volatile.Write(ref _state, Idle);
            pending = default;
            return outcome;
        }
        pending = Pending(cancellationToken);
        return outcome;
    }

    private long BeginWaiting()
    {
        _core.Reset();
        var ticket = Interlocked.Increment(ref _ticket);
        Volatile.Write(ref _state, Waiting);
        return ticket;
    }

    private ValueTask<object> Pending(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled && !cancellationToken.Equals(_registeredToken))
        {
            // One registration per token, kept across waits: registering and unregistering on every contended lease
            // took the token source's lock twice per transaction. Firing between waits is harmless (GiveUp finds
            // nothing waiting), and a session's token is cancelled only when it stops.
            _registration.Unregister();
            _registration = cancellationToken.UnsafeRegister(static state => ((LeaseAwaiter)state!).GiveUp(), this);
            _registeredToken = cancellationToken;
        }
        else if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled between two waits: the kept registration has fired already and will not fire again.
            GiveUp();
        }
        return new ValueTask<object>(this, _core.Version);
    }

    private void GiveUp()
    {
        if (Volatile.Read(ref ParkedOn) is { } lane && lane.TryUnpark(this))
        {
            if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
            {
                _core.SetException(new OperationCanceledException("the client stopped waiting for a backend"));
            }
            return;
        }
        if (Interlocked.CompareExchange(ref _state, Idle, Waiting) != Waiting)
        {
            return;
        }
        _pool.Tell(new PoolProtocol.Abandon(this, Volatile.Read(ref _ticket)), this);
        _core.SetException(new OperationCanceledException("the client stopped waiting for a backend"));
    }

    /// <summary>A lane, under its lock, takes this parked client to hand it a backend; false when it gave up meanwhile.</summary>
    internal bool TryClaimForHandOff() => Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting;

    /// <summary>After <see cref="TryClaimForHandOff"/>: the backend is this session's under lease <paramref name="generation"/>.</summary>
    internal void CompleteHandOff(BackendConnection connection, long generation)
    {
        Volatile.Write(ref _handOffGeneration, generation);
        // The returning session gave the backend away and holds no lock here: the parked session continues on this
        // thread (the socket loop's, usually) instead of waking a worker for each contended lease. It runs until its
        // next pending read, so the stack grows by one session at most.
        _core.RunContinuationsAsynchronously = false;
        try
        {
            _core.SetResult(connection);
        }
        finally
        {
            _core.RunContinuationsAsynchronously = true;
        }
    }

    protected override void TellInternal(object message, IActorRef sender)
    {
        var ticket = Volatile.Read(ref _ticket);
        switch (message)
        {
            case PoolProtocol.Leased leased:
                if (leased.Ticket == ticket && Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
                {
                    _core.SetResult(leased);
                }
                else
                {
                    // Nobody waits for this backend any more; it was never used, so it goes back clean.
                    _pool.Tell(new PoolProtocol.Release(leased.Connection, Reusable: true, Generation: leased.Generation), this);
                }
                break;
            case PoolProtocol.Refused refused:
                if (refused.Ticket == ticket && Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
                {
                    _core.SetResult(refused);
                }
                break;
        }
    }

    object IValueTaskSource<object>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<object>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<object>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    public override string ToString() => Name;
}
