using Akka.Actor;

namespace Agroal.Actors.Runtime;

/// <summary>Akka's extension key for <see cref="ActorFigures"/>; named in hocon/agroal.conf under akka.extensions.</summary>
public sealed class ActorFiguresId : ExtensionIdProvider<ActorFigures>
{
    public override ActorFigures CreateExtension(ExtendedActorSystem system) => new(system);
}
