namespace Agroal.Actors.Metrics;

/// <summary>Bucket bounds, in seconds, of the histograms the endpoint exports.</summary>
public static class MetricBuckets
{
    /// <summary>pgagroal's session-time buckets, kept identical so its dashboards read ours unchanged.</summary>
    public static double[] SessionTime => SessionTimeBounds;

    private static readonly double[] SessionTimeBounds =
        [5, 10, 20, 30, 45, 60, 300, 600, 1200, 1800, 2700, 3600, 7200, 14400, 21600, 43200, 86400];

    /// <summary>From an instant lease (well under a millisecond) up to long blocking_timeout queues.</summary>
    public static double[] WaitTime => WaitTimeBounds;

    private static readonly double[] WaitTimeBounds =
        [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60];

    /// <summary>Statement and transaction latency as seen at the pooler, sub-millisecond to a minute.</summary>
    public static double[] Latency => LatencyBounds;

    private static readonly double[] LatencyBounds =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
}
