using Akka.Actor;

namespace Agroal.Actors.Runtime;

/// <summary>Makes actor instances by calling a delegate; see <see cref="ActorProps"/>.</summary>
internal sealed class FactoryActorProducer<TActor>(Func<TActor> factory) : IIndirectActorProducer
    where TActor : ActorBase
{
    public Type ActorType => typeof(TActor);

    public ActorBase Produce() => factory();

    public void Release(ActorBase actor)
    {
    }
}
