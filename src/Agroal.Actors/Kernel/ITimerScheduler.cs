namespace Agroal.Actors.Kernel;

/// <summary>
/// Keyed timers of one actor, running on the system's TimeProvider. Starting a key again replaces its timer;
/// a message of a replaced or cancelled timer is never delivered. All timers end when the actor stops or restarts.
/// Use only from inside the actor.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan delay);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}
