namespace Agroal.Actors.Kernel;

/// <summary>The actor's view of itself; valid only on the actor's own turn.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    IActorRef? Sender { get; }

    IActorRef? Parent { get; }

    ActorSystem System { get; }

    IReadOnlyCollection<IActorRef> Children { get; }

    IActorRef ActorOf(Props props, string name);

    /// <summary>Starts a child with a generated name ("$a", "$b", ...).</summary>
    IActorRef ActorOf(Props props);

    void Stop(IActorRef child);

    IActorRef Watch(IActorRef subject);

    IActorRef Unwatch(IActorRef subject);

    IActorRef? Child(string name);
}
