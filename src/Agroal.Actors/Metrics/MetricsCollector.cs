using Agroal.Actors.Clients;
using Akka.Actor;
using Agroal.Actors.Pool;
using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>
/// One scrape: asks the pool for its slot table and servers, brings the exporter's prometheus-net families in line
/// with them, and has prometheus-net write the registry (the pool and client counters included) in the text format.
/// Scrapes are serialised; none runs on a hot path.
/// </summary>
public sealed partial class MetricsCollector : IDisposable
{
    private readonly MetricsSources _sources;
    private readonly CollectorRegistry _registry;
    private readonly SemaphoreSlim _scrape = new(1, 1);
    private readonly IDisposable? _runtime;
    private MetricsSettings _settings;
    private readonly MemoryStream _body = new(64 * 1024);

    public MetricsCollector(MetricsSources sources, MetricsSettings settings)
    {
        _sources = sources;
        _settings = settings;
        _registry = sources.Registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        CreateGeneralFamilies(factory);
        _slots = new SlotFamilies(factory, sources.MaxConnections);
        CreatePoolFamilies(factory);
        CreateServerFamilies(factory);
        CreateCertificateFamilies(factory);
        CreateActorFamilies(factory);
        CreateClusterFamilies(factory);
        if (sources.RuntimeFigures)
        {
            _runtime = RuntimeFigures.Register(_registry);
        }
    }

    /// <summary>The settings the families read (limits, certificate files, reset behaviour); swapped by a reload.</summary>
    public MetricsSettings Settings => Volatile.Read(ref _settings);

    /// <summary>What the exporter reads (the console reads the same).</summary>
    public MetricsSources Sources => _sources;

    public void Reconfigure(MetricsSettings settings) => Volatile.Write(ref _settings, settings);

    /// <summary>The full exposition as UTF-8.</summary>
    public async Task<byte[]> CollectAsync(CancellationToken cancellationToken = default)
    {
        var status = await TryAskAsync<PoolProtocol.Status>(PoolProtocol.GetStatus.Instance, cancellationToken).ConfigureAwait(false);
        var servers = await TryAskAsync<PoolProtocol.Servers>(PoolProtocol.GetServers.Instance, cancellationToken).ConfigureAwait(false);
        await _scrape.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Update(status, servers);
            return await ExportAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _scrape.Release();
        }
    }

    /// <summary>The exposition as text (tests and the console).</summary>
    public async Task<string> CollectTextAsync(CancellationToken cancellationToken = default) =>
        System.Text.Encoding.UTF8.GetString(await CollectAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Brings every exporter family in line with the pool's state; null parts (the pool did not answer in time) keep
    /// their families as they were. Separate from the ask so that the benchmark measures the exposition alone.
    /// </summary>
    internal void Update(PoolProtocol.Status? status, PoolProtocol.Servers? servers)
    {
        var settings = Settings;
        UpdateGeneral(status);
        if (status is not null)
        {
            _slots.Update(status);
            UpdateLimits(status, settings);
        }
        if (servers is not null)
        {
            UpdateServers(servers, settings);
        }
        UpdateCertificates(settings);
        UpdateActors();
        UpdateCluster();
    }

    /// <summary>Writes the registry in the text format (pgagroal's 0.0.3 content type is the same format).</summary>
    internal async Task<byte[]> ExportAsync(CancellationToken cancellationToken)
    {
        // The buffer is kept across scrapes (they are serialised): a 1,000-slot body is past the large-object threshold,
        // and growing a fresh stream each time would cost several large allocations per scrape instead of the one copy.
        _body.SetLength(0);
        await _registry.CollectAndExportAsTextAsync(_body, ExpositionFormat.PrometheusText, cancellationToken).ConfigureAwait(false);
        return _body.ToArray();
    }

    /// <summary>clear prometheus: the counters this exporter keeps (per-server errors, per-slot queries) start again at 0.</summary>
    public void ResetCounters()
    {
        _scrape.Wait();
        try
        {
            ResetServerErrors();
            _slots.ResetCounters();
        }
        finally
        {
            _scrape.Release();
        }
    }

    private async Task<T?> TryAskAsync<T>(object request, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await _sources.Pool.Ask<T>(request, _sources.StatusTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // A pool too busy to answer still gets its counters scraped; only the families read from its state wait.
            return null;
        }
    }

    public void Dispose()
    {
        _runtime?.Dispose();
        _scrape.Dispose();
        _body.Dispose();
    }

    /// <summary>pgagroal's spelling of each slot state.</summary>
    internal static string StateLabel(SlotState state) => state switch
    {
        SlotState.NotInit => "not_init",
        SlotState.Init => "init",
        SlotState.Free => "free",
        SlotState.InUse => "in_use",
        SlotState.Gracefully => "gracefully",
        SlotState.Flush => "flush",
        SlotState.IdleCheck => "idle_check",
        SlotState.MaxConnectionAge => "max_connection_age",
        SlotState.Validation => "validation",
        _ => "remove",
    };

    /// <summary>The state label of a server a reload marked invalid as a duplicate (pgagroal leaves those out instead).</summary>
    internal const string InvalidServerStateLabel = "invalid";

    /// <summary>pgagroal's spelling of each server state, for the state label of pgagroal_server_error.</summary>
    internal static string ServerStateLabel(ServerState state) => state switch
    {
        ServerState.NotInit or ServerState.NotInitPrimary => "not_init",
        ServerState.Primary => "primary",
        ServerState.Replica => "replica",
        ServerState.Failover => "failover",
        _ => "failed",
    };

    private static int PipelineNumber(PipelineKind pipeline) => pipeline switch
    {
        PipelineKind.Performance => 0,
        PipelineKind.Session => 1,
        _ => 2,
    };
}
