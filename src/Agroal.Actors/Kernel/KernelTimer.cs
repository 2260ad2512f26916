namespace Agroal.Actors.Kernel;

internal static class KernelTimer
{
    /// <summary>Creates a timer without capturing the caller's ExecutionContext (no AsyncLocal leaks into timer callbacks).</summary>
    public static ITimer Create(TimeProvider clock, TimerCallback callback, object state, TimeSpan dueTime, TimeSpan period)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return clock.CreateTimer(callback, state, dueTime, period);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return clock.CreateTimer(callback, state, dueTime, period);
        }
    }
}
