using System.Net;
using Agroal.Actors.WebConsole;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Metrics;
using Npgsql;

namespace Agroal.Tests.Integration.WebConsole;

/// <summary>pgagroal 2.1's web console (the console key) on its own port, looked at by a real headless browser.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebConsoleTests(PostgresFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    [ChromiumFact]
    public async Task Headless_chromium_shows_the_pool_its_servers_limits_and_a_live_connection()
    {
        var consolePort = FreePort.Get();
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, m => m with { ConsolePort = consolePort });
        await using var connection = await pooler.Pooler.OpenAsync(extra: "Application Name=console-app");
        await using (var command = new NpgsqlCommand("SELECT 1", connection))
        {
            await command.ExecuteScalarAsync();
        }
        using var directory = TempDirectory.Create("/tmp/agroal-console");
        var url = $"http://127.0.0.1:{pooler.Server.Console!.Port}/";

        var dom = await RunChromiumAsync(directory, "--dump-dom", url);
        var screenshot = directory.Combine("console.png");
        await RunChromiumAsync(directory, "--screenshot=" + screenshot, "--window-size=1280,900", url);

        Assert.Contains("<h1>agroal console</h1>", dom);
        Assert.Contains("http-equiv=\"refresh\"", dom);
        Assert.Contains($"content=\"{ConsoleEndpoint.RefreshSeconds}\"", dom);
        Assert.Contains("<td>Running</td>", dom);
        Assert.Contains("<td>primary</td>", dom);
        Assert.Contains("<td>console-app</td>", dom);
        Assert.Contains("<td>in_use</td>", dom);
        Assert.Contains($"<td>{fixture.Server.User}</td>", dom);
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 5_000, $"screenshot of {png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task The_console_answers_only_get_on_its_page()
    {
        var consolePort = FreePort.Get();
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, m => m with { ConsolePort = consolePort });
        var baseUrl = $"http://127.0.0.1:{consolePort}";

        using var page = await Http.GetAsync(baseUrl + "/");
        using var other = await Http.GetAsync(baseUrl + "/metrics");
        using var post = await Http.PostAsync(baseUrl + "/", new StringContent(""));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }

    private static async Task<string> RunChromiumAsync(TempDirectory directory, params string[] arguments)
    {
        string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=" + directory.Combine("profile")];
        var result = await ProcessRunner.RunAsync(Chromium.Path!, [.. common, .. arguments], null, TimeSpan.FromSeconds(90));
        Assert.True(result.Succeeded, $"chromium failed ({result.ExitCode}): {result.Output}");
        return result.Stdout;
    }
}
