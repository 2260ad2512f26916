using System.Diagnostics;
using System.Text.Json;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Metrics;

/// <summary>Debian's Prometheus scrapes the endpoint on loopback and answers queries about it through its HTTP API.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PrometheusScrapeTests(PostgresFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Prometheus_scrapes_the_endpoint_and_returns_its_series_through_the_query_api()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, maxConnections: 6);
        await pooler.RunOneSessionAsync();
        using var directory = TempDirectory.Create("/tmp/agroal-prometheus");
        var webPort = FreePort.Get();
        var config = directory.Combine("prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: agroal
                static_configs:
                  - targets: ['127.0.0.1:{pooler.Endpoint.Port}']
            """);
        using var prometheus = StartPrometheus(config, directory.Combine("data"), webPort);
        try
        {
            var api = $"http://127.0.0.1:{webPort}/api/v1/query?query=";
            string? maxConnections = null;
            await Eventually.TrueAsync(async () => (maxConnections = await QueryValueAsync(api + "pgagroal_max_connections")) is not null,
                "prometheus has scraped pgagroal_max_connections", seconds: 30);
            Assert.Equal("6", maxConnections);
            var up = await QueryValueAsync(api + "up%7Bjob%3D%22agroal%22%7D");
            Assert.Equal("1", up);
            var sessions = await QueryValueAsync(api + "pgagroal_session_time_seconds_count");
            Assert.Equal("1", sessions);
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
        }
    }

    private static Process StartPrometheus(string config, string dataPath, int webPort)
    {
        var info = new ProcessStartInfo(PrometheusTools.Prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--config.file=" + config);
        info.ArgumentList.Add("--storage.tsdb.path=" + dataPath);
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{webPort}");
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start prometheus");
        // Drain its log so a full pipe never blocks it.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The value of the first sample of an instant query, or null while Prometheus is starting or has no sample.</summary>
    private static async Task<string?> QueryValueAsync(string url)
    {
        try
        {
            using var document = JsonDocument.Parse(await Http.GetStringAsync(url));
            var result = document.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? null : result[0].GetProperty("value")[1].GetString();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
