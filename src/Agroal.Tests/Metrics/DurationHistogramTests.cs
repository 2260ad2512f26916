using Agroal.Actors.Metrics;

namespace Agroal.Tests.Metrics;

public sealed class DurationHistogramTests
{
    [Fact]
    public void Record_puts_a_duration_in_the_first_bucket_whose_bound_it_does_not_exceed()
    {
        var histogram = new DurationHistogram([1, 5]);
        histogram.Record(TimeSpan.FromSeconds(1));
        histogram.Record(TimeSpan.FromSeconds(1.5));
        histogram.Record(TimeSpan.FromSeconds(5));
        histogram.Record(TimeSpan.FromSeconds(7));

        Assert.Equal(3, histogram.BucketCount);
        Assert.Equal(1, histogram.CountInBucket(0));
        Assert.Equal(2, histogram.CountInBucket(1));
        Assert.Equal(1, histogram.CountInBucket(2));
        Assert.Equal(14.5, histogram.SumSeconds, 6);
    }

    [Fact]
    public void A_negative_duration_counts_as_zero()
    {
        var histogram = new DurationHistogram([1]);
        histogram.Record(TimeSpan.FromSeconds(-3));
        Assert.Equal(1, histogram.CountInBucket(0));
        Assert.Equal(0, histogram.SumSeconds);
    }

    [Fact]
    public void Bounds_that_do_not_increase_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new DurationHistogram([5, 5]));
    }

    [Fact]
    public void Session_time_buckets_are_pgagroals()
    {
        Assert.Equal([5, 10, 20, 30, 45, 60, 300, 600, 1200, 1800, 2700, 3600, 7200, 14400, 21600, 43200, 86400], MetricBuckets.SessionTime);
    }
}
