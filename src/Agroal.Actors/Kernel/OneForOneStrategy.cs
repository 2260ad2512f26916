namespace Agroal.Actors.Kernel;

/// <summary>The directive applies to the failing child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    private readonly Func<Exception, Directive> _decider;

    /// <param name="maxNrOfRetries">Restarts allowed (negative: unlimited; 0: none, the child stops).</param>
    /// <param name="withinTimeRange">Window the restarts are counted in (zero or infinite: for the child's whole life).</param>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        _decider = decider;
    }

    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    public static OneForOneStrategy StoppingStrategy { get; } = new(static _ => Directive.Stop);

    public int MaxNrOfRetries { get; }

    public TimeSpan WithinTimeRange { get; }

    public override Directive Decide(Exception cause) => _decider(cause);

    internal override bool RequestRestartPermission(ChildRestartStats stats, TimeProvider clock)
    {
        if (MaxNrOfRetries == 0)
        {
            return false;
        }

        bool hasWindow = WithinTimeRange > TimeSpan.Zero && WithinTimeRange != Timeout.InfiniteTimeSpan;
        if (!hasWindow)
        {
            if (MaxNrOfRetries < 0)
            {
                return true;
            }

            stats.RestartCount++;
            return stats.RestartCount <= MaxNrOfRetries;
        }

        int allowed = MaxNrOfRetries < 0 ? 1 : MaxNrOfRetries;
        long now = clock.GetTimestamp();
        if (stats.RestartCount == 0 || clock.GetElapsedTime(stats.WindowStartTimestamp, now) > WithinTimeRange)
        {
            // A fresh window: this restart is its first.
            stats.RestartCount = 1;
            stats.WindowStartTimestamp = now;
            return true;
        }

        stats.RestartCount++;
        return stats.RestartCount <= allowed;
    }
}
