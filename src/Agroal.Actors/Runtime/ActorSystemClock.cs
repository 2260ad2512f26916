using Akka.Actor;

namespace Agroal.Actors.Runtime;

/// <summary>Lets actors read the domain clock as <c>Context.System.TimeProvider</c>.</summary>
public static class ActorSystemClock
{
    extension(ActorSystem system)
    {
        public TimeProvider TimeProvider => DomainClock.Of(system);
    }
}
