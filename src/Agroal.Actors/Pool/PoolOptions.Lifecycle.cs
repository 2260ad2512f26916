using Agroal.Actors.Configuration;

namespace Agroal.Actors.Pool;

/// <summary>Maintenance, prefill, health check and failover settings (pgagroal.conf keys of the same names).</summary>
public sealed partial record PoolOptions
{
    /// <summary>idle_timeout: Free backends idle this long are closed; zero turns it off.</summary>
    public TimeSpan IdleTimeout { get; init; }

    /// <summary>max_connection_age: backends older than this are closed when idle or returned; zero turns it off.</summary>
    public TimeSpan MaxConnectionAge { get; init; }

    public ValidationMode Validation { get; init; } = ValidationMode.Off;

    /// <summary>background_interval: period of background validation (at least 5 s).</summary>
    public TimeSpan BackgroundInterval { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a validation <c>SELECT 1</c> may take before the backend counts as broken.</summary>
    public TimeSpan ValidationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>flush_timeout: a graceful shutdown becomes immediate after this; zero waits for ever.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The limits rules with concrete user and database whose user has a stored password: opened at start, topped up after kills.</summary>
    public IReadOnlyList<PoolPrefill> Prefill { get; init; } = [];

    public bool HealthCheck { get; init; }

    public TimeSpan HealthCheckPeriod { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>health_check_user: logs in to its own database of the same name.</summary>
    public string HealthCheckUser { get; init; } = "";

    public bool Failover { get; init; }

    public string FailoverScript { get; init; } = "";

    public string FailoverNotifyScript { get; init; } = "";

    public TimeSpan FailoverScriptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>disconnect_client: clients idle longer than this are disconnected; zero turns it off.</summary>
    public TimeSpan DisconnectClient { get; init; }

    /// <summary>disconnect_client_force: also disconnect clients in the middle of a request.</summary>
    public bool DisconnectClientForce { get; init; }

    /// <summary>pgagroal's maintenance period: half the limit, but never more often than every 5 s.</summary>
    public static TimeSpan MaintenancePeriod(TimeSpan limit)
    {
        var half = limit / 2;
        return half < MinimumMaintenancePeriod ? MinimumMaintenancePeriod : half;
    }

    /// <summary>The 5 s floor of every maintenance period; tests on an injected clock step over it.</summary>
    public static readonly TimeSpan MinimumMaintenancePeriod = TimeSpan.FromSeconds(5);
}
