namespace Agroal.Actors.Kernel;

/// <summary>/user: parent of every top-level actor; its strategy supervises them.</summary>
internal sealed class GuardianActor(SupervisorStrategy strategy) : ActorBase
{
    protected override void OnReceive(object message) => Unhandled(message);

    protected override SupervisorStrategy SupervisorStrategy() => strategy;

    /// <summary>A guardian keeps its children across its own restart (there is nothing above to rebuild them).</summary>
    protected override void PreRestart(Exception reason, object? message)
    {
    }
}
