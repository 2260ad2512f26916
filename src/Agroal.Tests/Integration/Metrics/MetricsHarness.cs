using Agroal.Actors.Clients;
using Agroal.Actors.Hosting;
using Agroal.Actors.Metrics;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Metrics;

/// <summary>An in-process pooler with its metrics endpoint on a free loopback port, in front of the test PostgreSQL.</summary>
public sealed class MetricsHarness : IAsyncDisposable
{
    private readonly PoolerHarness _pooler;

    private MetricsHarness(PoolerHarness pooler)
    {
        _pooler = pooler;
    }

    public AgroalServer Server => _pooler.Server;

    public PostgresServer Postgres => _pooler.Postgres;

    public MetricsEndpoint Endpoint => Server.Metrics ?? throw new InvalidOperationException("metrics are off");

    public string BaseUrl => $"{(Endpoint.IsHttps ? "https" : "http")}://127.0.0.1:{Endpoint.Port}";

    public static async Task<MetricsHarness> StartAsync(PostgresServer postgres, Func<MetricsSettings, MetricsSettings>? configure = null,
        int maxConnections = 4, Func<HarnessSettings, HarnessSettings>? pooler = null, PipelineKind pipeline = PipelineKind.Session)
    {
        var metrics = new MetricsSettings { Host = "127.0.0.1", Port = 0 };
        var harness = await PoolerHarness.StartAsync(postgres, pipeline, s =>
        {
            var settings = s with
            {
                MaxConnections = maxConnections,
                Metrics = configure is null ? metrics : configure(metrics),
            };
            return pooler is null ? settings : pooler(settings);
        });
        return new MetricsHarness(harness);
    }

    public PoolerHarness Pooler => _pooler;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public async Task<string> ScrapeAsync() => await Http.GetStringAsync(BaseUrl + "/metrics");

    /// <summary>Scrapes until <paramref name="series"/> (name with its labels, as written) reads <paramref name="expected"/>.</summary>
    public async Task<string> ScrapeUntilAsync(string series, double expected, int seconds = 30)
    {
        var body = "";
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Exposition.Value(body = await ScrapeAsync(), series) != expected)
        {
            // What the series and the pool's event counters read at the end says which path counted what.
            Assert.True(DateTime.UtcNow < deadline,
                $"{series} reads {expected}: not reached within {seconds} s; last scrape:\n{ConnectionFamilies(body)}");
            await Task.Delay(20);
        }
        return body;
    }

    private static string ConnectionFamilies(string body)
    {
        var lines = new System.Text.StringBuilder();
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("pgagroal_connection", StringComparison.Ordinal) || line.StartsWith("pgagroal_total_connections", StringComparison.Ordinal)
                || line.StartsWith("pgagroal_active_connections", StringComparison.Ordinal))
            {
                lines.Append(line).Append('\n');
            }
        }
        return lines.ToString();
    }

    /// <summary>One whole client session: connect, one query, disconnect.</summary>
    public async Task RunOneSessionAsync(string applicationName = "metrics-test")
    {
        await using var connection = await _pooler.OpenAsync(extra: $"Application Name={applicationName}");
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// One whole client session that asks for its backend's pid; returns once that backend is idle in the pool again
    /// (after the session's end the pooler still runs server_reset_query on it, which a frozen backend would fail).
    /// </summary>
    public async Task<int> RunOneSessionForBackendPidAsync()
    {
        int pid;
        await using (var connection = await _pooler.OpenAsync())
        {
            pid = await BackendPidAsync(connection);
        }
        await Eventually.TrueAsync(async () => await _pooler.StatusAsync() is { Active: 0, Total: > 0 }, "the backend is idle in the pool", seconds: 30);
        return pid;
    }

    public static async Task<int> BackendPidAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await _pooler.DisposeAsync();
}
