using System.Threading.Tasks.Sources;
using Akka.Actor;

namespace Agroal.Actors.Pool;

/// <summary>
/// A client session's reusable reply address for Acquire: completes a ValueTask without allocating per request, and
/// hands back any lease that arrives after the session stopped waiting, so a late reply never leaks a backend.
/// </summary>
public sealed class LeaseAwaiter : MinimalActorRef, IValueTaskSource<object>
{
    private const int Idle = 0;
    private const int Waiting = 1;

    private readonly IActorRef _pool;
    private ManualResetValueTaskSourceCore<object> _core = new() { RunContinuationsAsynchronously = true };
    private long _ticket;
    private int _state;

    private readonly string _name;

    /// <param name="name">Who waits (shown as the slot's holder); any text, it is escaped into the reference's path.</param>
    public LeaseAwaiter(IActorRef pool, string name)
    {
        _pool = pool;
        _name = name;
        // A reply address of the pool's system that is no actor: Akka's MinimalActorRef, as its own Ask uses.
        Provider = ((IInternalActorRef)pool).Provider;
        Path = pool.Path.Root / "temp" / Uri.EscapeDataString(name);
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    /// <summary>Asks for a backend; the result is <see cref="PoolProtocol.Leased"/> or <see cref="PoolProtocol.Refused"/>.</summary>
    public ValueTask<object> AcquireAsync(PoolKey key, string applicationName, CancellationToken cancellationToken)
    {
        _core.Reset();
        var ticket = Interlocked.Increment(ref _ticket);
        Volatile.Write(ref _state, Waiting);
        _pool.Tell(new PoolProtocol.Acquire(key, this, ticket, applicationName), this);
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.UnsafeRegister(static state => ((LeaseAwaiter)state!).GiveUp(), this);
            return AwaitWithRegistration(new ValueTask<object>(this, _core.Version), registration);
        }
        return new ValueTask<object>(this, _core.Version);
    }

    private static async ValueTask<object> AwaitWithRegistration(ValueTask<object> pending, CancellationTokenRegistration registration)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            await registration.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void GiveUp()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Waiting) != Waiting)
        {
            return;
        }
        _pool.Tell(new PoolProtocol.Abandon(this, Volatile.Read(ref _ticket)), this);
        _core.SetException(new OperationCanceledException("the client stopped waiting for a backend"));
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
                    _pool.Tell(new PoolProtocol.Release(leased.Connection, Reusable: true), this);
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

    public override string ToString() => _name;
}
