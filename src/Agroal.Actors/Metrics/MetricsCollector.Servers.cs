using Agroal.Actors.Configuration;
using Agroal.Actors.Pool;
using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>
/// Per-server families (errors by server and state, failed servers, health, version, streaming) and the per-rule
/// limit families, rebuilt from the pool's answers at each scrape.
/// </summary>
public sealed partial class MetricsCollector
{
    private readonly Dictionary<string, long> _serverErrorBaseline = new(StringComparer.Ordinal);
    private SlotFamilies _slots;
    private ScrapedFamily _serverError = null!;
    private Gauge _failedServers = null!;
    private ScrapedFamily _serverHealth = null!;
    private ScrapedFamily _serverVersion = null!;
    private ScrapedFamily _serverStreaming = null!;
    private ScrapedFamily _limit = null!;
    private ScrapedFamily _limitAwaiting = null!;
    private int[] _ruleActive = [];
    private int[] _ruleBackends = [];
    private int[] _ruleAwaiting = [];
    private PoolProtocol.Servers? _lastServers;

    private void CreatePoolFamilies(IMetricFactory factory)
    {
        _limit = ScrapedFamily.Gauge(factory, MetricCatalog.Limit);
        _limitAwaiting = ScrapedFamily.Gauge(factory, MetricCatalog.LimitAwaiting);
    }

    private void CreateServerFamilies(IMetricFactory factory)
    {
        _serverError = ScrapedFamily.Counter(factory, MetricCatalog.ServerError);
        _failedServers = MetricCatalog.FailedServers.CreateGauge(factory);
        _serverHealth = ScrapedFamily.Gauge(factory, MetricCatalog.ServerHealth);
        _serverVersion = ScrapedFamily.Gauge(factory, MetricCatalog.ServerVersion);
        _serverStreaming = ScrapedFamily.Gauge(factory, MetricCatalog.ServerStreaming);
    }

    private void UpdateServers(PoolProtocol.Servers servers, MetricsSettings settings)
    {
        _lastServers = servers;
        var auth = settings.HealthCheckAuthenticates ? "true" : "false";
        var failed = 0;
        _serverError.Begin();
        _serverHealth.Begin();
        _serverVersion.Begin();
        _serverStreaming.Begin();
        foreach (var server in servers.List)
        {
            // Failed by failover or switch-to, down by the health check, or invalid as a duplicate: no backend goes there.
            if (server.State == ServerState.Failed || server.Down || server.Invalid)
            {
                failed++;
            }
            _serverError.Set(server.Errors - _serverErrorBaseline.GetValueOrDefault(server.Name), server.Name,
                server.Invalid ? InvalidServerStateLabel : ServerStateLabel(server.State));
            _serverHealth.Set(server.Probed ? (server.Down ? 0 : 1) : 2, server.Name, auth);
            if (server.MajorVersion > 0)
            {
                _serverVersion.Set(server.MajorVersion, server.Name);
            }
            var streaming = server.Streaming ?? (server.State == ServerState.Primary ? -1 : (int?)null);
            if (streaming is { } value)
            {
                _serverStreaming.Set(value, server.Name);
            }
        }
        _serverError.End();
        _serverHealth.End();
        _serverVersion.End();
        _serverStreaming.End();
        _failedServers.Set(failed);
    }

    /// <summary>The errors counted so far become the new zero of each server's pgagroal_server_error.</summary>
    private void ResetServerErrors()
    {
        if (_lastServers is null)
        {
            return;
        }
        foreach (var server in _lastServers.List)
        {
            _serverErrorBaseline[server.Name] = server.Errors;
        }
        _serverError.Clear();
    }

    /// <summary>min/initial/max from the rule, active = its backends in use, backend = all its backends; waiting clients per rule.</summary>
    private void UpdateLimits(PoolProtocol.Status status, MetricsSettings settings)
    {
        var limits = settings.Limits;
        var rules = limits.Rules;
        if (_ruleActive.Length != rules.Count)
        {
            _ruleActive = new int[rules.Count];
            _ruleBackends = new int[rules.Count];
            _ruleAwaiting = new int[rules.Count];
        }
        Array.Clear(_ruleActive);
        Array.Clear(_ruleBackends);
        Array.Clear(_ruleAwaiting);
        foreach (var slot in status.Slots)
        {
            if (RuleOf(limits, slot.User, slot.Database) is { } index)
            {
                _ruleBackends[index]++;
                if (slot.State is SlotState.InUse or SlotState.Gracefully)
                {
                    _ruleActive[index]++;
                }
            }
        }
        if (status.WaitingKeys is { } waiting)
        {
            foreach (var key in waiting)
            {
                if (RuleOf(limits, key.User, key.Database) is { } index)
                {
                    _ruleAwaiting[index]++;
                }
            }
        }
        _limit.Begin();
        _limitAwaiting.Begin();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            _limit.Set(rule.MinSize, rule.User, rule.Database, "min");
            _limit.Set(rule.InitialSize, rule.User, rule.Database, "initial");
            _limit.Set(rule.MaxSize, rule.User, rule.Database, "max");
            _limit.Set(_ruleActive[i], rule.User, rule.Database, "active");
            _limit.Set(_ruleBackends[i], rule.User, rule.Database, "backend");
            _limitAwaiting.Set(_ruleAwaiting[i], rule.User, rule.Database);
        }
        _limit.End();
        _limitAwaiting.End();
    }

    private static int? RuleOf(LimitTable limits, string? user, string? database)
    {
        if (user is null || database is null || limits.FindRule(user, database) is not { } rule)
        {
            return null;
        }
        var rules = limits.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            if (ReferenceEquals(rules[i], rule))
            {
                return i;
            }
        }
        return null;
    }
}
