namespace Agroal.Actors.Kernel;

/// <summary>
/// Lifecycle messages, processed before user messages. Each instance is also a node of the
/// receiving cell's lock-free system queue (<see cref="Next"/>), so it must be sent only once.
/// </summary>
internal abstract class SystemMessage
{
    internal SystemMessage? Next;

    internal sealed class Create : SystemMessage;

    internal sealed class Terminate : SystemMessage;

    internal sealed class Resume : SystemMessage;

    internal sealed class Recreate(Exception cause) : SystemMessage
    {
        public Exception Cause { get; } = cause;
    }

    internal sealed class Failed(ActorCell child, Exception cause) : SystemMessage
    {
        public ActorCell Child { get; } = child;

        public Exception Cause { get; } = cause;
    }

    internal sealed class Watch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
    {
        public InternalActorRef Watchee { get; } = watchee;

        public InternalActorRef Watcher { get; } = watcher;
    }

    internal sealed class Unwatch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
    {
        public InternalActorRef Watchee { get; } = watchee;

        public InternalActorRef Watcher { get; } = watcher;
    }

    internal sealed class DeathWatchNotification(InternalActorRef actor) : SystemMessage
    {
        public InternalActorRef Actor { get; } = actor;
    }

    internal sealed class ChildTerminated(ActorCell child) : SystemMessage
    {
        public ActorCell Child { get; } = child;
    }
}
