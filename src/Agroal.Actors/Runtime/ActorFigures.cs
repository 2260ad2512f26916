using Akka.Actor;
using Akka.Event;

namespace Agroal.Actors.Runtime;

/// <summary>
/// Counts from Akka's own sources for the agroal_actor_* families: dead letters and unhandled messages from the
/// event stream, restarts from the supervisor strategies (<see cref="CountingOneForOneStrategy"/>), mailbox depth
/// from the actor's cell. Loaded with the system through <c>akka.extensions</c> so counting starts with it.
/// </summary>
public sealed class ActorFigures : IExtension
{
    private long _deadLetters;
    private long _unhandled;
    private long _restarts;

    internal ActorFigures(ExtendedActorSystem system)
    {
        var listener = system.SystemActorOf(ActorProps.Of(() => new ActorFiguresListener(this)), "agroal-actor-figures");
        system.EventStream.Subscribe(listener, typeof(DeadLetter));
        system.EventStream.Subscribe(listener, typeof(UnhandledMessage));
    }

    /// <summary>User messages that reached no actor: sent to a stopped actor, left in its mailbox, or a late reply.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetters);

    /// <summary>Messages actors passed to Unhandled (and FSM events no state handled).</summary>
    public long UnhandledMessageCount => Interlocked.Read(ref _unhandled);

    /// <summary>Actors restarted by a counting supervisor since the system started.</summary>
    public long RestartCount => Interlocked.Read(ref _restarts);

    public static ActorFigures For(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<ActorFigures, ActorFiguresId>();
    }

    /// <summary>User messages queued for <paramref name="actor"/> (0 for references without a local mailbox).</summary>
    public static int MailboxDepth(IActorRef actor) =>
        actor is ActorRefWithCell withCell ? withCell.Underlying.NumberOfMessages : 0;

    internal void RecordDeadLetter() => Interlocked.Increment(ref _deadLetters);

    internal void RecordUnhandled() => Interlocked.Increment(ref _unhandled);

    internal void RecordRestart() => Interlocked.Increment(ref _restarts);
}
