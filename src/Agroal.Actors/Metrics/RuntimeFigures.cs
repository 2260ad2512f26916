using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>
/// .NET runtime figures under prometheus-net's standard names: DotNetStats (dotnet_collection_count_total,
/// dotnet_total_memory_bytes, process_*) and, through its MeterAdapter, .NET's own System.Runtime meter (thread pool,
/// allocated bytes, GC heap, lock contention) as system_runtime_*. Only that meter is listened to, so the pooler's
/// other meters (Kestrel's) stay out of the exposition.
/// </summary>
internal static class RuntimeFigures
{
    private const string RuntimeMeter = "System.Runtime";

    /// <returns>The meter listener; disposing it stops the System.Runtime figures.</returns>
    public static IDisposable Register(CollectorRegistry registry)
    {
        DotNetStats.Register(registry);
        return MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = static instrument => instrument.Meter.Name == RuntimeMeter,
        });
    }
}
