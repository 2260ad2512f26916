namespace Agroal.Actors.Kernel;

/// <summary>Sent once per <see cref="IActorContext.Watch"/> when the watched actor has stopped.</summary>
public sealed record Terminated(IActorRef ActorRef);
