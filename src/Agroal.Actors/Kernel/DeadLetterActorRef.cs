namespace Agroal.Actors.Kernel;

/// <summary>Receives what could not be delivered; counts it and logs it at Debug.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system) : InternalActorRef
{
    private readonly string _path = "akka://" + system.Name + "/deadLetters";

    public override string Path => _path;

    internal override ActorSystem System => system;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        system.PublishDeadLetter(message, sender, this);
    }
}
