namespace Agroal.Actors.Kernel;

/// <summary>
/// An actor: state touched only by its own message handling, one message at a time.
/// Instances are made by <see cref="Props"/> (never with <c>new</c> elsewhere) and replaced on restart.
/// </summary>
public abstract partial class ActorBase
{
    private SupervisorStrategy? _supervisorStrategy;
    private Action<object>? _behavior;

    protected ActorBase()
    {
        Cell = ActorCell.Current
            ?? throw new InvalidOperationException(
                $"{GetType().Name} must be created by Props.Create inside ActorOf, not with 'new' elsewhere.");
    }

    internal ActorCell Cell { get; }

    /// <summary>
    /// The actor's context; valid only on its own turn (message handling, lifecycle hooks, constructor).
    /// After an await the turn is over and this throws <see cref="InvalidOperationException"/>:
    /// send the result to <see cref="Self"/> (PipeTo) instead.
    /// </summary>
    protected IActorContext Context
    {
        get
        {
            if (!Cell.IsCurrentFor(this))
            {
                throw new InvalidOperationException(
                    $"Context of {Cell.SelfRef.Path} used outside the actor's turn (after an await, on another thread, or after a restart). " +
                    "Pipe async results back to Self instead.");
            }

            return Cell;
        }
    }

    /// <summary>The actor's own reference; safe to capture and use from any thread.</summary>
    protected IActorRef Self => Cell.SelfRef;

    /// <summary>The sender of the message being handled (null if none); goes through <see cref="Context"/>.</summary>
    protected IActorRef? Sender => Context.Sender;

    /// <summary>Keyed timers of this actor; use them from inside the actor only.</summary>
    protected ITimerScheduler Timers => Cell.Timers;

    protected abstract void OnReceive(object message);

    /// <summary>
    /// Reports a message the actor does not handle: logged at Debug and counted in
    /// <see cref="ActorSystem.UnhandledMessageCount"/>. An unhandled <see cref="Terminated"/> throws
    /// <see cref="DeathPactException"/>, as in Akka.
    /// </summary>
    protected void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException($"{Cell.SelfRef.Path} did not handle Terminated of the watched actor {terminated.ActorRef.Path}.");
        }

        Cell.System.PublishUnhandled(message, Cell.SelfRef);
    }

    /// <summary>Handles following messages with <paramref name="receive"/> instead of OnReceive, until Unbecome or restart.</summary>
    protected void Become(Action<object> receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behavior = receive;
    }

    protected void Unbecome() => _behavior = null;

    protected virtual void PreStart()
    {
    }

    protected virtual void PostStop()
    {
    }

    /// <summary>Default (Akka's): unwatch and stop every child, then <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        var context = Context;
        foreach (var child in context.Children)
        {
            context.Unwatch(child);
            context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Default: <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children. Default: one-for-one, restart without limit.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Kernel.SupervisorStrategy.DefaultStrategy;
}
