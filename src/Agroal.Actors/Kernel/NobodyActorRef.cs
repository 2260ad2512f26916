namespace Agroal.Actors.Kernel;

internal sealed class NobodyActorRef : InternalActorRef
{
    public static readonly NobodyActorRef Instance = new();

    private NobodyActorRef()
    {
    }

    public override string Path => "akka://all-systems/Nobody";

    internal override ActorSystem? System => null;

    public override void Tell(object message, IActorRef? sender = null)
    {
    }
}
