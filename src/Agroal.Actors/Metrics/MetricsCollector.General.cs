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

    private void CreateGeneralFamilies(IMetricFactory factory)
    {
        _state = MetricCatalog.State.CreateGauge(factory);
        _pipelineMode = MetricCatalog.PipelineMode.CreateGauge(factory);
        _loggingInfo = MetricCatalog.LoggingInfo.CreateGauge(factory);
        _loggingWarn = MetricCatalog.LoggingWarn.CreateGauge(factory);
        _loggingError = MetricCatalog.LoggingError.CreateGauge(factory);
        _loggingFatal = MetricCatalog.LoggingFatal.CreateGauge(factory);
        _waitTime = MetricCatalog.WaitTime.CreateGauge(factory);
        _activeConnections = MetricCatalog.ActiveConnections.CreateGauge(factory);
        _totalConnections = MetricCatalog.TotalConnections.CreateGauge(factory);
        // A counter in pgagroal (sic); kept so its dashboards read the same type.
        _maxConnections = MetricCatalog.MaxConnections.CreateCounter(factory);
        _clientWait = MetricCatalog.ClientWait.CreateGauge(factory);
        _clientActive = MetricCatalog.ClientActive.CreateGauge(factory);
        _networkSent = MetricCatalog.NetworkSent.CreateGauge(factory);
        _networkReceived = MetricCatalog.NetworkReceived.CreateGauge(factory);
        _clientSockets = MetricCatalog.ClientSockets.CreateGauge(factory);
        _selfSockets = MetricCatalog.SelfSockets.CreateGauge(factory);
        _connectionAwaiting = MetricCatalog.ConnectionAwaiting.CreateGauge(factory);
        var os = OsVersion.Current;
        MetricCatalog.OsInfo.CreateGauge(factory).WithLabels(os.Name, os.Major, os.Minor, os.Patch).Set(1);
        _resetBehavior = MetricCatalog.ServerResetQueryBehaviorOnFailure.CreateGauge(factory);
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
