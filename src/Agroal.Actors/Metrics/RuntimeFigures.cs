using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>
/// .NET runtime figures: .NET's own System.Runtime meter (GC collections and heap, allocated bytes, thread pool, CPU
/// time, working set, lock contention, exceptions) through prometheus-net's MeterAdapter, under its standard
/// system_runtime_* names. Only that meter is listened to, so the pooler's other meters (Kestrel's) stay out.
/// prometheus-net's DotNetStats is left out on purpose: it re-reads the process (every thread and handle) at each
/// scrape, several milliseconds, more than the whole 1,000-slot exposition.
/// </summary>
internal static class RuntimeFigures
{
    private const string RuntimeMeter = "System.Runtime";

    /// <returns>The meter listener; disposing it stops the System.Runtime figures.</returns>
    public static IDisposable Register(CollectorRegistry registry)
    {
        return MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = static instrument => instrument.Meter.Name == RuntimeMeter,
        });
    }
}
