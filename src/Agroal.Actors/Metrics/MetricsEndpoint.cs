using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Metrics;

/// <summary>
/// The HTTP/1.1 server on the <c>metrics</c> port: a small Kestrel application of its own, apart from the PostgreSQL
/// listener, serving <see cref="MetricsRequestHandler"/>. HTTPS when a certificate and key are configured; a plaintext
/// request on that port is redirected to https, as pgagroal does; with metrics_ca_file a client certificate issued by
/// that CA is required.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MetricsResponseCache _cache;
    private int _stopped;

    private MetricsEndpoint(WebApplication app, MetricsResponseCache cache, int port, bool https)
    {
        _app = app;
        _cache = cache;
        Port = port;
        IsHttps = https;
    }

    /// <summary>The TCP port actually bound.</summary>
    public int Port { get; }

    public bool IsHttps { get; }

    public static async Task<MetricsEndpoint> StartAsync(MetricsSettings settings, MetricsCollector collector, ILoggerFactory loggerFactory, TimeProvider? clock = null)
    {
        var certificate = settings.UsesTls ? X509Certificate2.CreateFromPemFile(settings.CertFile!, settings.KeyFile) : null;
        var clientAuthority = certificate is not null && settings.RequiresClientCertificate ? ClientCertificateAuthority.Load(settings.CaFile!) : null;
        var cache = new MetricsResponseCache(settings.CacheMaxAge, settings.CacheMaxSize, clock ?? TimeProvider.System);
        var handler = new MetricsRequestHandler(collector, cache);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            Networking.KestrelEndpoints.Listen(kestrel, settings.Host, settings.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (certificate is not null)
                {
                    listen.Use(PlaintextRedirect.Middleware);
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        // metrics_ca_file: only scrapers holding a certificate issued by that CA are served.
                        ClientCertificateMode = clientAuthority is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                        ClientCertificateValidation = clientAuthority is null ? null : clientAuthority.Validate,
                    });
                }
            });
        });
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            cache.Dispose();
            throw;
        }
        return new MetricsEndpoint(app, cache, Networking.KestrelEndpoints.BoundPort(app, settings.Port), certificate is not null);
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        await Networking.KestrelEndpoints.StopAsync(_app).ConfigureAwait(false);
        _cache.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
