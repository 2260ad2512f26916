namespace Agroal.Actors.Kernel;

/// <summary>How a parent answers a child's failure.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>Akka's default: stop on initialization, kill and death-pact failures, restart on anything else.</summary>
    public static Func<Exception, Directive> DefaultDecider { get; } = static cause => cause switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one, unlimited restarts, <see cref="DefaultDecider"/>.</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    public abstract Directive Decide(Exception cause);

    /// <summary>Counts one more restart of the child; false when the limit is used up and the child must stop.</summary>
    internal abstract bool RequestRestartPermission(ChildRestartStats stats, TimeProvider clock);
}
