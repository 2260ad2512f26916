using Akka.Actor;

namespace Agroal.Actors.Runtime;

/// <summary>Akka's extension key for <see cref="DomainClock"/>, carrying the clock to register.</summary>
internal sealed class DomainClockId(TimeProvider time) : ExtensionIdProvider<DomainClock>
{
    public override DomainClock CreateExtension(ExtendedActorSystem system) => new(time);
}
