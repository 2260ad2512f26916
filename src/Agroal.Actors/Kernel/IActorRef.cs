namespace Agroal.Actors.Kernel;

/// <summary>A handle to an actor; the only way to talk to it. Safe to share between threads.</summary>
public interface IActorRef
{
    string Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/> without waiting. Inside an actor a null sender means the
    /// current actor (Akka's implicit sender); pass <see cref="ActorRefs.Nobody"/> to send anonymously.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);
}
