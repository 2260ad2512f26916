namespace Agroal.Actors.Kernel;

/// <summary>Entry points the cell uses to run the protected hooks.</summary>
public abstract partial class ActorBase
{
    internal const string PostStopHook = nameof(PostStop);
    internal const string PreRestartHook = nameof(PreRestart);

    internal void ReceiveMessage(object message)
    {
        if (_behavior is null)
        {
            OnReceive(message);
        }
        else
        {
            _behavior(message);
        }
    }

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy GetSupervisorStrategy() => _supervisorStrategy ??= SupervisorStrategy();
}
