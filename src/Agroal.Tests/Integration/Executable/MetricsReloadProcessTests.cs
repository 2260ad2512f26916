using System.Net;
using System.Net.Sockets;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Metrics;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Executable;

/// <summary>The metrics keys of a running <c>agroal</c>: applied by SIGHUP, and the management sockets counted as its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MetricsReloadProcessTests(PostgresFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task SIGHUP_turns_the_metrics_port_to_https_and_management_connections_show_in_self_sockets()
    {
        var postgres = fixture.Server;
        using var directory = TempDirectory.Create("/tmp/agroal-process");
        var (certFile, keyFile) = SelfSignedCertificate.Write(directory);
        var port = FreePort.Get();
        var metrics = FreePort.Get();
        var config = directory.Combine("pgagroal.conf");
        string Main(string extra) =>
            $"[pgagroal]\nhost = 127.0.0.1\nport = {port}\nmetrics = {metrics}\n{extra}unix_socket_dir = {directory.Path}\nmax_connections = 4\n\n" +
            $"[primary]\nhost = {postgres.Host}\nport = {postgres.Port}\nprimary = on\n";
        await File.WriteAllTextAsync(config, Main(""));
        await File.WriteAllTextAsync(directory.Combine("hba.conf"), "host all all 127.0.0.1/32 trust\n");
        await using var agroal = AgroalProcessRunner.Start(["--allow-root", "-c", config, "-a", directory.Combine("hba.conf")]);
        await agroal.WaitForOutputAsync("agroal: started", TimeSpan.FromSeconds(30));
        var plainUrl = $"http://127.0.0.1:{metrics}/metrics";
        Assert.Equal(0, Exposition.Value(await Http.GetStringAsync(plainUrl), "pgagroal_self_sockets"));

        using (var management = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await management.ConnectAsync(new UnixDomainSocketEndPoint(directory.Combine(".s.pgagroal")));
            await Eventually.TrueAsync(async () => Exposition.Value(await Http.GetStringAsync(plainUrl), "pgagroal_self_sockets") == 1,
                "the open management connection is counted");
        }
        await Eventually.TrueAsync(async () => Exposition.Value(await Http.GetStringAsync(plainUrl), "pgagroal_self_sockets") == 0,
            "the closed management connection is no longer counted");

        await File.WriteAllTextAsync(config, Main($"metrics_cert_file = {certFile}\nmetrics_key_file = {keyFile}\nmetrics_cache_max_age = 1h\n"));
        agroal.Signal("HUP");

        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var https = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var httpsUrl = $"https://127.0.0.1:{metrics}/metrics";
        string? body = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                body = await https.GetStringAsync(httpsUrl);
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the metrics port serves https after SIGHUP", seconds: 30);
        Assert.Contains("pgagroal_state 1\n", body);
        // metrics_cache_max_age applied too: the same body until it expires.
        Assert.Equal(body, await https.GetStringAsync(httpsUrl));
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        using var redirect = await plain.GetAsync(plainUrl);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);

        agroal.Signal("TERM");
        Assert.Equal(0, await agroal.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }
}
