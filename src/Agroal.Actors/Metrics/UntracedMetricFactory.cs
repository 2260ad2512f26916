using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>
/// The factory for the pool's and the clients' metrics, which are observed per lease and per transaction. agroal
/// traces nothing, so prometheus-net's default exemplar (read from the trace context on every observation) would
/// always be empty: a cost for no label.
/// </summary>
internal static class UntracedMetricFactory
{
    public static IMetricFactory For(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        return factory;
    }
}
