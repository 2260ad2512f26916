using Akka.Actor;
using Akka.Actor.Internal;

namespace Agroal.Actors.Runtime;

/// <summary>A one-for-one strategy that counts the restarts it orders in <see cref="ActorFigures"/>.</summary>
public sealed class CountingOneForOneStrategy(IDecider decider) : OneForOneStrategy(decider)
{
    public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats,
        IReadOnlyCollection<ChildRestartStats> children)
    {
        if (restart)
        {
            ActorFigures.For(context.System).RecordRestart();
        }
        base.ProcessFailure(context, restart, child, cause, stats, children);
    }
}
