using Agroal.Actors.Clients;
using Agroal.Actors.Logging;
using Agroal.Actors.Management;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Metrics;

/// <summary>What <c>clear prometheus</c> resets in a running pooler: every counter and histogram, not the gauges.</summary>
/// <param name="exporter">The exporter's own counters (per-server errors, per-slot queries), when the endpoint runs.</param>
public sealed class MetricsReset(PoolCounters pool, ClientCounters clients, LogCounters? logging, Func<MetricsCollector?>? exporter = null) : IMetricsControl
{
    public void Clear()
    {
        pool.ResetCounters();
        clients.ResetCounters();
        logging?.Reset();
        exporter?.Invoke()?.ResetCounters();
    }
}
