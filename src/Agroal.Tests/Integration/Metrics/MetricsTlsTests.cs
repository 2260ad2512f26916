using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Agroal.Actors.Metrics;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Metrics;

/// <summary>The metrics certificate keys: the inventory families, metrics_ca_file's client certificates, and their reload.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MetricsTlsTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Certificate_families_describe_the_configured_files_readable_or_not()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-metrics-certs");
        var (certFile, keyFile) = SelfSignedCertificate.Write(directory);
        var garbage = directory.Combine("garbage.crt");
        await File.WriteAllTextAsync(garbage, "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, m => m with
        {
            Certificates = [new CertificateSource("metrics", certFile), new CertificateSource("replica", garbage), new CertificateSource("pgagroal", directory.Combine("missing.crt"))],
        });
        var body = await pooler.ScrapeAsync();

        Assert.Equal(3, Exposition.Value(body, "pgagroal_certificates_total"));
        Assert.Equal(2, Exposition.Value(body, "pgagroal_certificates_accessible"));
        Assert.Equal(1, Exposition.Value(body, "pgagroal_certificates_valid"));
        Assert.Equal(1, Exposition.Value(body, "pgagroal_certificates_expiring_soon"));
        Assert.Equal(1, Exposition.Value(body, "pgagroal_certificates_inaccessible"));
        Assert.Equal(1, Exposition.Value(body, "pgagroal_certificates_parse_errors"));
        Assert.Equal(0, Exposition.Value(body, "pgagroal_certificates_expired"));
        Assert.Equal(1, Exposition.Value(body, $"pgagroal_tls_certificate_status{{server=\"metrics\",path=\"{certFile}\"}}"));
        Assert.Equal(0, Exposition.Value(body, $"pgagroal_tls_certificate_status{{server=\"replica\",path=\"{garbage}\"}}"));
        Assert.Equal(256, Exposition.Value(body, "pgagroal_tls_certificate_key_size_bits{server=\"metrics\"}"));
        Assert.Equal(2, Exposition.Value(body, "pgagroal_tls_certificate_key_type{server=\"metrics\"}"));
        Assert.Equal(5, Exposition.Value(body, "pgagroal_tls_certificate_signature_algorithm{server=\"metrics\"}"));
        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certFile));
        Assert.Equal(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(),
            Exposition.Value(body, "pgagroal_tls_certificate_expiration_seconds{server=\"metrics\"}"));
        Assert.Contains("pgagroal_tls_certificate_info{server=\"metrics\",subject=\"/CN=localhost\",issuer=\"/CN=localhost\",", body);
        Assert.DoesNotContain("pgagroal_tls_certificate_key_size_bits{server=\"replica\"}", body);
    }

    [Fact]
    public async Task With_a_ca_file_only_scrapers_holding_a_certificate_of_that_ca_are_served()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-metrics-ca");
        var (certFile, keyFile) = SelfSignedCertificate.Write(directory);
        var (caFile, client) = ClientCertificates.Write(directory);
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, m => m with { CertFile = certFile, KeyFile = keyFile, CaFile = caFile });

        using (var anonymous = Https(null))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetStringAsync(pooler.BaseUrl + "/metrics"));
        }
        using (var stranger = Https(ClientCertificates.Stranger()))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetStringAsync(pooler.BaseUrl + "/metrics"));
        }
        using var trusted = Https(client);
        Assert.Contains("pgagroal_state 1\n", await trusted.GetStringAsync(pooler.BaseUrl + "/metrics"));
    }

    [Fact]
    public async Task A_reload_applies_the_cache_age_and_turns_https_on_on_the_same_port()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-metrics-reload");
        var (certFile, keyFile) = SelfSignedCertificate.Write(directory);
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server);
        var port = pooler.Endpoint.Port;
        var running = pooler.Server.MetricsCollector!.Settings;

        await pooler.Server.ReconfigureMetricsAsync(running with { CacheMaxAge = TimeSpan.FromHours(1) });
        var first = await pooler.ScrapeAsync();
        await pooler.RunOneSessionAsync();
        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Services.Counters.SessionTime.Count == 1), "session recorded");
        Assert.Equal(first, await pooler.ScrapeAsync());

        await pooler.Server.ReconfigureMetricsAsync(running with { CertFile = certFile, KeyFile = keyFile });
        Assert.True(pooler.Endpoint.IsHttps);
        Assert.Equal(port, pooler.Endpoint.Port);
        using var https = Https(null);
        var body = await https.GetStringAsync($"https://127.0.0.1:{port}/metrics");
        Assert.Equal(1, Exposition.Value(body, "pgagroal_session_time_seconds_count"));

        // A certificate that cannot be read is refused and the running endpoint stays.
        await pooler.Server.ReconfigureMetricsAsync(running with { CertFile = directory.Combine("missing.crt"), KeyFile = keyFile });
        Assert.True(pooler.Endpoint.IsHttps);
        Assert.Contains("pgagroal_state 1\n", await https.GetStringAsync($"https://127.0.0.1:{port}/metrics"));
    }

    private static HttpClient Https(X509Certificate2? client)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        if (client is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(client);
        }
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(15) };
    }
}
