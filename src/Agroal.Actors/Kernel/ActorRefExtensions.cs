namespace Agroal.Actors.Kernel;

public static class ActorRefExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and completes with the first reply of type
    /// <typeparamref name="T"/>. A <see cref="Status.Failure"/> reply fails the task with its cause, another type
    /// with <see cref="InvalidCastException"/>. Without a reply within <paramref name="timeout"/> (on the system's
    /// TimeProvider) the task fails with <see cref="AskTimeoutException"/>; a reply after that is a dead letter.
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef actor, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        }

        var promise = new PromiseActorRef<T>((actor as InternalActorRef)?.System, actor, message, timeout, cancellationToken);
        actor.Tell(message, promise);
        return promise.Task;
    }

    /// <summary>Ask for a reply of any type.</summary>
    public static Task<object> Ask(this IActorRef actor, object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        actor.Ask<object>(message, timeout, cancellationToken);

    /// <summary>Sends <paramref name="message"/> keeping the sender of the message being handled (inside an actor).</summary>
    public static void Forward(this IActorRef actor, object message)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var sender = ActorCell.Current?.Sender;
        actor.Tell(message, sender ?? ActorRefs.Nobody);
    }
}
