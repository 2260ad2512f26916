namespace Agroal.Actors.Metrics;

/// <summary>
/// A cumulative-on-read histogram of durations over fixed upper bounds, safe to record from any thread: one
/// Interlocked add on the bucket and one on the sum, no lock, no allocation. Reads are not a consistent snapshot
/// across buckets, which Prometheus tolerates (the count is derived from the buckets actually read).
/// </summary>
public sealed class DurationHistogram
{
    private readonly long[] _upperBoundTicks;
    private readonly long[] _counts;
    private long _sumTicks;

    /// <param name="upperBoundsSeconds">Strictly increasing finite bounds; a +Inf bucket is added after them.</param>
    public DurationHistogram(IReadOnlyList<double> upperBoundsSeconds)
    {
        ArgumentNullException.ThrowIfNull(upperBoundsSeconds);
        UpperBoundsSeconds = upperBoundsSeconds;
        _upperBoundTicks = new long[upperBoundsSeconds.Count];
        for (var i = 0; i < _upperBoundTicks.Length; i++)
        {
            _upperBoundTicks[i] = (long)Math.Round(upperBoundsSeconds[i] * TimeSpan.TicksPerSecond);
            if (i > 0 && _upperBoundTicks[i] <= _upperBoundTicks[i - 1])
            {
                throw new ArgumentException("bucket bounds must increase", nameof(upperBoundsSeconds));
            }
        }
        _counts = new long[_upperBoundTicks.Length + 1];
    }

    /// <summary>The finite bucket bounds, in seconds.</summary>
    public IReadOnlyList<double> UpperBoundsSeconds { get; }

    /// <summary>Buckets including +Inf.</summary>
    public int BucketCount => _counts.Length;

    public double SumSeconds => (double)Interlocked.Read(ref _sumTicks) / TimeSpan.TicksPerSecond;

    public void Record(TimeSpan duration)
    {
        var ticks = duration.Ticks < 0 ? 0 : duration.Ticks;
        var bucket = 0;
        while (bucket < _upperBoundTicks.Length && ticks > _upperBoundTicks[bucket])
        {
            bucket++;
        }
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumTicks, ticks);
    }

    /// <summary>Observations that fell in bucket <paramref name="index"/> alone (not cumulative); the last is +Inf.</summary>
    public void Reset()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Interlocked.Exchange(ref _counts[i], 0);
        }
        Interlocked.Exchange(ref _sumTicks, 0);
    }

    public long CountInBucket(int index) => Interlocked.Read(ref _counts[index]);
}
