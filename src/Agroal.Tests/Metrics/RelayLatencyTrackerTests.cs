using Microsoft.Extensions.Time.Testing;
using Agroal.Actors.Metrics;
using Prometheus;

namespace Agroal.Tests.Metrics;

public sealed class RelayLatencyTrackerTests
{
    private const byte Idle = (byte)'I';
    private const byte InTransaction = (byte)'T';

    private readonly FakeTimeProvider _clock = new();
    private readonly Histogram _queries;
    private readonly Histogram _transactions;
    private readonly RelayLatencyTracker _tracker;

    public RelayLatencyTrackerTests()
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        _queries = factory.CreateHistogram("queries", "q", new HistogramConfiguration { Buckets = [0.01, 0.1, 1] });
        _transactions = factory.CreateHistogram("transactions", "t", new HistogramConfiguration { Buckets = [0.01, 0.1, 1] });
        _tracker = new RelayLatencyTracker(_queries, _transactions, _clock);
    }

    private static long Total(Histogram histogram) => histogram.Count;

    [Fact]
    public void A_query_is_timed_from_the_request_to_its_ReadyForQuery()
    {
        _tracker.ClientScanned(1, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromMilliseconds(50));
        _tracker.ServerScanned(1, Idle, 0, _clock.GetTimestamp());

        Assert.Equal(1, _queries.Count);
        Assert.Equal(0.05, _queries.Sum, 6);
        Assert.Equal(0, Total(_transactions));
    }

    [Fact]
    public void Chunks_without_a_new_request_or_answer_record_nothing()
    {
        _tracker.ClientScanned(0, _clock.GetTimestamp());
        _tracker.ServerScanned(0, 0, 0, _clock.GetTimestamp());
        _tracker.ClientScanned(1, _clock.GetTimestamp());
        _tracker.ClientScanned(1, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        _tracker.ServerScanned(1, Idle, 0, _clock.GetTimestamp());
        _tracker.ServerScanned(1, Idle, 0, _clock.GetTimestamp());

        Assert.Equal(1, Total(_queries));
        Assert.Equal(0.005, _queries.Sum, 6);
    }

    [Fact]
    public void A_transaction_is_timed_from_the_request_that_opened_it_to_the_ReadyForQuery_that_closed_it()
    {
        _tracker.ClientScanned(1, _clock.GetTimestamp());                       // BEGIN
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        _tracker.ServerScanned(1, InTransaction, 1, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        _tracker.ClientScanned(2, _clock.GetTimestamp());                       // UPDATE
        _clock.Advance(TimeSpan.FromMilliseconds(3));
        _tracker.ServerScanned(2, InTransaction, 1, _clock.GetTimestamp());
        _tracker.ClientScanned(3, _clock.GetTimestamp());                       // COMMIT
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        _tracker.ServerScanned(3, Idle, 1, _clock.GetTimestamp());

        Assert.Equal(3, Total(_queries));
        Assert.Equal(1, Total(_transactions));
        Assert.Equal(0.110, _transactions.Sum, 6);
    }

    [Fact]
    public void A_transaction_inside_one_answer_is_timed_as_its_request()
    {
        _tracker.ClientScanned(1, _clock.GetTimestamp());                       // BEGIN; ...; COMMIT in one Query
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        _tracker.ServerScanned(1, Idle, 1, _clock.GetTimestamp());

        Assert.Equal(1, Total(_transactions));
        Assert.Equal(0.02, _transactions.Sum, 6);
    }

    [Fact]
    public void A_pipelined_request_is_timed_from_the_previous_answer()
    {
        _tracker.ClientScanned(2, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        _tracker.ServerScanned(1, Idle, 0, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromMilliseconds(4));
        _tracker.ServerScanned(2, Idle, 0, _clock.GetTimestamp());

        Assert.Equal(2, Total(_queries));
        Assert.Equal(0.014, _queries.Sum, 6);
    }

    [Fact]
    public void Reset_forgets_a_pending_request()
    {
        _tracker.ClientScanned(1, _clock.GetTimestamp());
        _tracker.Reset();
        _tracker.ServerScanned(1, Idle, 0, _clock.GetTimestamp());
        Assert.Equal(0, Total(_queries));
    }
}
