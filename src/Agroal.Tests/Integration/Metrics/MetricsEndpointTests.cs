using System.Net;
using System.Net.Sockets;
using System.Text;
using Agroal.Actors.Metrics;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Metrics;

[Collection(PostgresCollection.Name)]
public sealed class MetricsEndpointTests(PostgresFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    [Fact]
    public async Task Metrics_path_serves_the_exposition_chunked_with_pgagroals_content_type()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server);
        using var response = await Http.GetAsync(pooler.BaseUrl + "/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(MetricsRequestHandler.ExpositionContentType, response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE pgagroal_state gauge\npgagroal_state 1\n", body);
        Assert.Contains("pgagroal_max_connections 4\n", body);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    public async Task Home_page_describes_every_metric(string path)
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server);
        using var response = await Http.GetAsync(pooler.BaseUrl + path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"/metrics\">", html);
        foreach (var metric in MetricCatalog.All)
        {
            Assert.Contains($"<h2>{metric.Name}</h2>", html);
        }
    }

    [Fact]
    public async Task Other_paths_are_forbidden_and_other_methods_are_bad_requests()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server);
        using var unknown = await Http.GetAsync(pooler.BaseUrl + "/secrets");
        using var post = await Http.PostAsync(pooler.BaseUrl + "/metrics", new StringContent(""));
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, pooler.BaseUrl + "/metrics"));

        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, head.StatusCode);
    }

    [Fact]
    public async Task A_client_session_shows_in_auth_session_wait_and_slot_metrics()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server);
        await pooler.RunOneSessionAsync("metrics-app");
        await Eventually.TrueAsync(async () => (await ScrapeAsync(pooler)).Contains("pgagroal_session_time_seconds_count 1\n"), "session recorded");
        var body = await ScrapeAsync(pooler);

        Assert.Contains("pgagroal_auth_user_success 1\n", body);
        Assert.Contains("pgagroal_connection_get 1\n", body);
        Assert.Contains("pgagroal_connection_return 1\n", body);
        Assert.Contains("agroal_client_wait_seconds_count 1\n", body);
        Assert.Contains($"user=\"{fixture.Server.User}\",database=\"{fixture.Server.Database}\",application_name=\"metrics-app\",state=\"free\"}} 1\n", body);
        Assert.Contains("pgagroal_server_error{name=\"primary\",state=\"primary\"} 0\n", body);
        Assert.Contains("agroal_actor_mailbox_depth{actor=\"pool\"} ", body);
    }

    [Fact]
    public async Task With_a_cache_age_the_same_response_is_served_until_it_expires()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, m => m with { CacheMaxAge = TimeSpan.FromHours(1) });
        var first = await ScrapeAsync(pooler);
        await pooler.RunOneSessionAsync();
        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Services.Counters.SessionTime.Count == 1), "session recorded");
        var second = await ScrapeAsync(pooler);

        Assert.Equal(first, second);
        Assert.Contains("pgagroal_auth_user_success 0\n", second);
    }

    [Fact]
    public async Task Promtool_finds_no_problem_beyond_pgagroals_own_counter_names()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server);
        await pooler.RunOneSessionAsync("needs \"escaping\" \\ here");
        await Eventually.TrueAsync(async () => (await ScrapeAsync(pooler)).Contains("pgagroal_session_time_seconds_count 1\n"), "session recorded");
        var body = await ScrapeAsync(pooler);

        var result = await RunPromtoolAsync(body);
        // Exit 3 is "lint problems"; 1 would be a malformed exposition.
        Assert.True(result.ExitCode is 0 or 3, result.Output);
        foreach (var problem in PromtoolProblems(result.Output))
        {
            var name = problem.Split(' ', 2)[0];
            // The runtime families (dotnet_*, process_*, system_runtime_*) are not in the catalog: any problem of theirs fails here.
            if (name.StartsWith("system_runtime_", StringComparison.Ordinal) && problem.Contains("should not have \"_count\" suffix", StringComparison.Ordinal))
            {
                // .NET's own gauges named *.count (thread count, assembly count) under prometheus-net's standard translation.
                continue;
            }
            var metric = MetricCatalog.All.SingleOrDefault(m => m.Name == name);
            Assert.True(metric is not null, $"a family outside the catalog has a lint problem: {problem}");
            Assert.True(metric!.PgagroalCompatible, $"an agroal_ metric must lint clean: {problem}");
            Assert.True(problem.Contains("should have \"_total\" suffix", StringComparison.Ordinal)
                || problem.Contains("should not have \"_count\" suffix", StringComparison.Ordinal)
                || problem.Contains("non-counter metrics should not have \"_total\" suffix", StringComparison.Ordinal), problem);
        }
    }

    [Fact]
    public async Task Https_serves_metrics_and_redirects_plain_http_to_https()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-metrics-tls");
        var (certFile, keyFile) = SelfSignedCertificate.Write(directory);
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, m => m with { CertFile = certFile, KeyFile = keyFile });
        Assert.True(pooler.Endpoint.IsHttps);

        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var https = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        var body = await https.GetStringAsync(pooler.BaseUrl + "/metrics");
        Assert.Contains("pgagroal_state 1\n", body);

        var plain = await RawRequestAsync(pooler.Endpoint.Port, "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 301 Moved Permanently\r\n", plain);
        Assert.Contains($"Location: https://localhost:{pooler.Endpoint.Port}/metrics\r\n", plain);
    }

    private static async Task<string> ScrapeAsync(MetricsHarness pooler) => await Http.GetStringAsync(pooler.BaseUrl + "/metrics");

    private static async Task<ProcessResult> RunPromtoolAsync(string exposition)
    {
        using var directory = TempDirectory.Create("/tmp/agroal-promtool");
        var file = directory.Combine("metrics.prom");
        await File.WriteAllTextAsync(file, exposition);
        // promtool reads stdin; a shell redirect is the simplest way to feed it a file.
        return await ProcessRunner.RunAsync("/bin/sh", ["-c", $"'{PrometheusTools.Promtool}' check metrics < '{file}'"], null, TimeSpan.FromSeconds(30));
    }

    private static IEnumerable<string> PromtoolProblems(string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return line;
        }
    }

    private static async Task<string> RawRequestAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
