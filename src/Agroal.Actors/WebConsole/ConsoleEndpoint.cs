using System.Text;
using Agroal.Actors.Clients;
using Akka.Actor;
using Agroal.Actors.Metrics;
using Agroal.Actors.Pool;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.WebConsole;

/// <summary>
/// pgagroal 2.1's web console on the <c>console</c> port: a Kestrel application of its own serving, on GET <c>/</c>
/// (or <c>/index.html</c>), a page with the pool's state, servers, limits and connections that reloads itself.
/// Like the metrics port: other paths 403, other methods 400. It reads what the metrics exporter reads.
/// </summary>
public sealed class ConsoleEndpoint : IAsyncDisposable
{
    /// <summary>Seconds between the page's own reloads.</summary>
    public const int RefreshSeconds = 5;

    private readonly WebApplication _app;
    private int _stopped;

    private ConsoleEndpoint(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<ConsoleEndpoint> StartAsync(string host, int port, MetricsSources sources, Func<MetricsSettings> settings,
        ILoggerFactory loggerFactory)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            Networking.KestrelEndpoints.Listen(kestrel, host, port, static listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.Run(context => HandleAsync(context, sources, settings));
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new ConsoleEndpoint(app, Networking.KestrelEndpoints.BoundPort(app, port));
    }

    private static async Task HandleAsync(HttpContext context, MetricsSources sources, Func<MetricsSettings> settings)
    {
        var response = context.Response;
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (context.Request.Path.Value is not ("/" or "/index.html"))
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var view = await ViewAsync(sources, settings(), context.RequestAborted).ConfigureAwait(false);
        response.ContentType = MetricsRequestHandler.HomeContentType;
        response.Headers.CacheControl = "no-store";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(ConsolePage.Render(view)), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<ConsoleView> ViewAsync(MetricsSources sources, MetricsSettings settings, CancellationToken cancellationToken)
    {
        var services = sources.Services;
        return new ConsoleView
        {
            GracefulShutdown = services.RefuseNewClients,
            Pipeline = services.Options.Pipeline.ToString().ToLowerInvariant(),
            MaxConnections = sources.MaxConnections,
            Status = await TryAskAsync<PoolProtocol.Status>(sources, PoolProtocol.GetStatus.Instance, cancellationToken).ConfigureAwait(false),
            Servers = await TryAskAsync<PoolProtocol.Servers>(sources, PoolProtocol.GetServers.Instance, cancellationToken).ConfigureAwait(false),
            Limits = settings.Limits,
            ActiveClients = services.Counters.Active,
            AuthenticatingClients = services.Counters.Authenticating,
            Taken = DateTimeOffset.UtcNow,
            RefreshSeconds = RefreshSeconds,
        };
    }

    private static async Task<T?> TryAskAsync<T>(MetricsSources sources, object request, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await sources.Pool.Ask<T>(request, sources.StatusTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        await Networking.KestrelEndpoints.StopAsync(_app).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
