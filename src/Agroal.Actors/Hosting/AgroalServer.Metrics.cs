using System.Security.Cryptography;
using Agroal.Actors.Metrics;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

public sealed partial class AgroalServer
{
    /// <summary>The Prometheus endpoint, when <c>metrics</c> is set.</summary>
    public MetricsEndpoint? Metrics { get; private set; }

    /// <summary>Starts the metrics endpoint; when its port cannot be bound the whole server stops and the error names the port.</summary>
    private async Task StartMetricsAsync(AgroalServerSettings settings, ILoggerFactory loggerFactory, TimeProvider clock)
    {
        if (settings.Metrics is not { } metrics)
        {
            return;
        }
        var sources = new MetricsSources
        {
            System = System,
            Pool = Pool,
            PoolCounters = PoolCounters,
            Services = Services,
            MaxConnections = settings.Pool.MaxConnections,
            Servers = settings.Pool.Servers,
            Limits = metrics.Limits,
            LogCounters = settings.LogCounters,
            WatchedActors = [new("pool", Pool), new("clients", Clients)],
        };
        try
        {
            Metrics = await MetricsEndpoint.StartAsync(metrics, new MetricsCollector(sources), loggerFactory, clock).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or CryptographicException)
        {
            // The process reports an IOException as a start-up failure with its message, so the cause names the metrics port.
            await StopAsync().ConfigureAwait(false);
            throw new IOException($"metrics endpoint {metrics.Host}:{metrics.Port}: {ex.Message}", ex);
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StopMetricsAsync()
    {
        if (Metrics is { } metrics)
        {
            await metrics.StopAsync().ConfigureAwait(false);
        }
    }
}
