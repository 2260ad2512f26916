using Akka.Actor;

namespace Agroal.Actors.Runtime;

/// <summary>
/// How /user supervises the top-level actors: Akka's default decisions (restart, stop on initialisation failure,
/// death pact or kill), with restarts counted. Named in hocon/agroal.conf as akka.actor.guardian-supervisor-strategy.
/// </summary>
public sealed class CountingGuardianStrategy : SupervisorStrategyConfigurator
{
    public override SupervisorStrategy Create() => new CountingOneForOneStrategy(SupervisorStrategy.DefaultDecider);
}
