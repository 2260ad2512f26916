using Agroal.Actors.Pool;
using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>The unlabelled gauges of pgagroal's general, connection and client sections, set from the pooler's state.</summary>
public sealed partial class MetricsCollector
{
    private Gauge _state = null!;
    private Gauge _pipelineMode = null!;
    private Gauge _loggingInfo = null!;
    private Gauge _loggingWarn = null!;
    private Gauge _loggingError = null!;
    private Gauge _loggingFatal = null!;
    private Gauge _waitTime = null!;
    private Gauge _activeConnections = null!;
    private Gauge _totalConnections = null!;
    private Counter _maxConnections = null!;
    private Gauge _clientWait = null!;
    private Gauge _clientActive = null!;
    private Gauge _networkSent = null!;
    private Gauge _networkReceived = null!;
    private Gauge _clientSockets = null!;
    private Gauge _selfSockets = null!;
    private Gauge _connectionAwaiting = null!;
    private Gauge _resetBehavior = null!;

    private static Gauge CreateGauge(IMetricFactory factory, MetricDescriptor metric) =>
        factory.CreateGauge(metric.Name, metric.Help, [.. metric.Labels]);

    private void CreateGeneralFamilies(IMetricFactory factory)
    {
        _state = CreateGauge(factory, MetricCatalog.State);
        _pipelineMode = CreateGauge(factory, MetricCatalog.PipelineMode);
        _loggingInfo = CreateGauge(factory, MetricCatalog.LoggingInfo);
        _loggingWarn = CreateGauge(factory, MetricCatalog.LoggingWarn);
        _loggingError = CreateGauge(factory, MetricCatalog.LoggingError);
        _loggingFatal = CreateGauge(factory, MetricCatalog.LoggingFatal);
        _waitTime = CreateGauge(factory, MetricCatalog.WaitTime);
        _activeConnections = CreateGauge(factory, MetricCatalog.ActiveConnections);
        _totalConnections = CreateGauge(factory, MetricCatalog.TotalConnections);
        // A counter in pgagroal (sic); kept so its dashboards read the same type.
        _maxConnections = factory.CreateCounter(MetricCatalog.MaxConnections.Name, MetricCatalog.MaxConnections.Help);
        _clientWait = CreateGauge(factory, MetricCatalog.ClientWait);
        _clientActive = CreateGauge(factory, MetricCatalog.ClientActive);
        _networkSent = CreateGauge(factory, MetricCatalog.NetworkSent);
        _networkReceived = CreateGauge(factory, MetricCatalog.NetworkReceived);
        _clientSockets = CreateGauge(factory, MetricCatalog.ClientSockets);
        _selfSockets = CreateGauge(factory, MetricCatalog.SelfSockets);
        _connectionAwaiting = CreateGauge(factory, MetricCatalog.ConnectionAwaiting);
        var os = OsVersion.Current;
        CreateGauge(factory, MetricCatalog.OsInfo).WithLabels(os.Name, os.Major, os.Minor, os.Patch).Set(1);
        _resetBehavior = CreateGauge(factory, MetricCatalog.ServerResetQueryBehaviorOnFailure);
    }

    private void UpdateGeneral(PoolProtocol.Status? status)
    {
        var services = _sources.Services;
        var clients = services.Counters;
        var pool = _sources.PoolCounters;
        var logs = _sources.LogCounters;
        _state.Set(services.RefuseNewClients ? 2 : 1);
        _pipelineMode.Set(PipelineNumber(services.Options.Pipeline));
        _loggingInfo.Set(logs?.Info ?? 0);
        _loggingWarn.Set(logs?.Warn ?? 0);
        _loggingError.Set(logs?.Error ?? 0);
        _loggingFatal.Set(logs?.Fatal ?? 0);
        _waitTime.Set(clients.LastWait.TotalSeconds);
        _activeConnections.Set(status?.Active ?? pool.Active);
        _totalConnections.Set(status?.Total ?? pool.Total);
        _maxConnections.IncTo(_sources.MaxConnections);
        _clientWait.Set(clients.Authenticating);
        _clientActive.Set(clients.Active);
        _networkSent.Set(clients.BytesFromClients);
        _networkReceived.Set(clients.BytesFromServers);
        _clientSockets.Set(clients.Sockets);
        _selfSockets.Set(clients.SelfSockets);
        _connectionAwaiting.Set(status?.Waiting ?? pool.Awaiting);
        _resetBehavior.Set((int)Settings.ServerResetQueryBehaviorOnFailure);
    }
}
