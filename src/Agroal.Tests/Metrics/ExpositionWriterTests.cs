using Agroal.Actors.Metrics;

namespace Agroal.Tests.Metrics;

public sealed class ExpositionWriterTests
{
    private static readonly MetricDescriptor Labelled = new("test_labelled", MetricType.Gauge, "Help with \\ and\nnewline", ["a", "b"], false);

    [Fact]
    public void Family_writes_help_and_type_lines_with_help_escaped()
    {
        var writer = new ExpositionWriter();
        writer.Family(Labelled);
        Assert.Equal("# HELP test_labelled Help with \\\\ and\\nnewline\n# TYPE test_labelled gauge\n", writer.ToString());
    }

    [Fact]
    public void Sample_escapes_backslash_quote_and_newline_in_label_values_and_writes_null_as_empty()
    {
        var writer = new ExpositionWriter();
        writer.Sample(Labelled, 3, "x\"y\\z\nw", null);
        Assert.Equal("test_labelled{a=\"x\\\"y\\\\z\\nw\",b=\"\"} 3\n", writer.ToString());
    }

    [Fact]
    public void Sample_with_the_wrong_number_of_label_values_is_a_bug()
    {
        var writer = new ExpositionWriter();
        Assert.Throws<ArgumentException>(() => writer.Sample(Labelled, 1, "only-one"));
    }

    [Fact]
    public void Doubles_use_the_shortest_round_trip_form_and_prometheus_spellings_of_infinity()
    {
        var metric = new MetricDescriptor("test_seconds", MetricType.Gauge, "h", [], false);
        var writer = new ExpositionWriter();
        writer.Sample(metric, 0.25);
        writer.Sample(metric, 3.0);
        writer.Sample(metric, double.PositiveInfinity);
        writer.Sample(metric, double.NaN);
        Assert.Equal("test_seconds 0.25\ntest_seconds 3\ntest_seconds +Inf\ntest_seconds NaN\n", writer.ToString());
    }

    [Fact]
    public void Histogram_writes_cumulative_buckets_ending_in_inf_then_sum_and_count()
    {
        var metric = new MetricDescriptor("test_duration_seconds", MetricType.Histogram, "h", [], false);
        var histogram = new DurationHistogram([0.5, 2]);
        histogram.Record(TimeSpan.FromSeconds(0.25));
        histogram.Record(TimeSpan.FromSeconds(1));
        histogram.Record(TimeSpan.FromSeconds(10));
        var writer = new ExpositionWriter();
        writer.Histogram(metric, histogram);
        Assert.Equal(
            "test_duration_seconds_bucket{le=\"0.5\"} 1\n" +
            "test_duration_seconds_bucket{le=\"2\"} 2\n" +
            "test_duration_seconds_bucket{le=\"+Inf\"} 3\n" +
            "test_duration_seconds_sum 11.25\n" +
            "test_duration_seconds_count 3\n",
            writer.ToString());
    }
}
