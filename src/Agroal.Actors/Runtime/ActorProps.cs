using Akka.Actor;

namespace Agroal.Actors.Runtime;

/// <summary>
/// Props from a plain factory delegate. Akka's <c>Props.Create(() => new X(...))</c> takes an expression tree and
/// compiles it on every call; a client actor is created per accepted socket, so that compile would be paid per accept.
/// </summary>
public static class ActorProps
{
    /// <summary>The factory must return a new instance on every call: Akka calls it again on each restart.</summary>
    public static Props Of<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Props.CreateBy(new FactoryActorProducer<TActor>(factory));
    }
}
