namespace Agroal.Actors.Kernel;

public static class ActorRefs
{
    public static readonly IActorRef? NoSender = null;

    /// <summary>A reference that silently drops everything sent to it.</summary>
    public static IActorRef Nobody { get; } = NobodyActorRef.Instance;
}
