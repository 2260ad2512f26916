using System.Security.Cryptography;
using Agroal.Actors.Metrics;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

public sealed partial class AgroalServer
{
    private readonly SemaphoreSlim _metricsGate = new(1, 1);

    /// <summary>The Prometheus endpoint, when <c>metrics</c> is set.</summary>
    public MetricsEndpoint? Metrics { get; private set; }

    /// <summary>The exporter behind <see cref="Metrics"/> and the console; null when metrics are off.</summary>
    public MetricsCollector? MetricsCollector { get; private set; }

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
            Registry = MetricRegistry,
            Pool = Pool,
            PoolCounters = PoolCounters,
            Services = Services,
            MaxConnections = settings.Pool.MaxConnections,
            Servers = settings.Pool.Servers,
            LogCounters = settings.LogCounters,
            Cluster = ClusterMembership,
            WatchedActors = [new("pool", Pool), new("clients", Clients)],
        };
        MetricsCollector = new MetricsCollector(sources, metrics);
        try
        {
            Metrics = await MetricsEndpoint.StartAsync(metrics, MetricsCollector, loggerFactory, clock).ConfigureAwait(false);
            await StartConsoleAsync(metrics, loggerFactory).ConfigureAwait(false);
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

    /// <summary>
    /// A reload's metrics keys: what the families read swaps at once; a changed cache or TLS file (metrics_cache_max_age,
    /// metrics_cert_file, metrics_key_file, metrics_ca_file) rebinds the endpoint on the same port. A rebind that fails
    /// (an unreadable certificate) keeps the endpoint as it was and says why.
    /// </summary>
    public async Task ReconfigureMetricsAsync(MetricsSettings? next)
    {
        if (next is null || MetricsCollector is not { } collector)
        {
            return;
        }
        await _metricsGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var running = collector.Settings;
            // The port and host need a restart (pgagroal marks metrics RS): the running ones stay.
            next = next with { Host = running.Host, Port = running.Port, ConsolePort = running.ConsolePort };
            collector.Reconfigure(next);
            if (Metrics is not { } endpoint || !running.EndpointDiffers(next))
            {
                return;
            }
            var logger = LoggerFactory.CreateLogger("Agroal.Actors.Metrics");
            await endpoint.StopAsync().ConfigureAwait(false);
            try
            {
                Metrics = await MetricsEndpoint.StartAsync(next with { Port = endpoint.Port }, collector, LoggerFactory, Clock).ConfigureAwait(false);
                Log.MetricsReconfigured(logger, next.UsesTls, next.RequiresClientCertificate);
            }
            catch (Exception ex) when (ex is IOException or CryptographicException)
            {
                Log.MetricsReloadRejected(logger, ex.Message);
                collector.Reconfigure(running);
                try
                {
                    Metrics = await MetricsEndpoint.StartAsync(running with { Port = endpoint.Port }, collector, LoggerFactory, Clock).ConfigureAwait(false);
                }
                catch (Exception again) when (again is IOException or CryptographicException)
                {
                    Metrics = null;
                    Log.MetricsEndpointOff(logger, endpoint.Port, again.Message);
                }
            }
        }
        finally
        {
            _metricsGate.Release();
        }
    }

    private async Task StopMetricsAsync()
    {
        await StopConsoleAsync().ConfigureAwait(false);
        if (Metrics is { } metrics)
        {
            await metrics.StopAsync().ConfigureAwait(false);
        }
        MetricsCollector?.Dispose();
    }
}
