namespace Agroal.Actors.Pool;

/// <summary>
/// pgagroal HEAD's acquire back-off: 1 ms, doubling each retry, capped at <c>connection_retry_delay</c>. With
/// <c>blocking_timeout = 0</c> a client is tried <c>max_retries</c> more times along this schedule before 53300.
/// The pool serves waiters on every release, so the schedule only bounds how long such a client may wait.
/// </summary>
public static class RetryBackoff
{
    /// <summary>The sum of the first <paramref name="retries"/> delays: 1, 2, 4, ... ms, none above <paramref name="cap"/>.</summary>
    public static TimeSpan Budget(int retries, TimeSpan cap)
    {
        var capMilliseconds = Math.Max(1L, (long)cap.TotalMilliseconds);
        long delay = 1;
        long total = 0;
        for (var i = 0; i < retries; i++)
        {
            total += delay;
            delay = Math.Min(delay * 2, capMilliseconds);
        }
        return TimeSpan.FromMilliseconds(total);
    }
}
