using System.Net.Sockets;
using Agroal.Actors.Runtime;
using Akka.Actor;
using Agroal.Actors.Management.Configuration;
using Agroal.Actors.Management.Remote;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Management;

/// <summary>
/// The management component of a running pooler: the <c>/user/management</c> actor and its listeners, built from the
/// running configuration. A listener that cannot bind is logged and left out; the pooler keeps serving clients.
/// </summary>
public sealed class ManagementService : IAsyncDisposable
{
    private ManagementService(IActorRef actor, ManagementEndpoint? endpoint)
    {
        Actor = actor;
        Endpoint = endpoint;
    }

    public IActorRef Actor { get; }

    public ManagementEndpoint? Endpoint { get; }

    /// <summary>Starts management for the <c>agroal</c> process from its configuration files.</summary>
    public static ManagementService Start(ActorSystem system, IActorRef pool, IConfigurationControl configuration,
        Func<string, string?> environment, ILoggerFactory loggerFactory, Action shutdownImmediately, IMetricsControl? metrics = null,
        Security.Tls.ClientTlsContext? tls = null, Action<int>? socketCountChanged = null, Pool.PoolLifecycle? lifecycle = null,
        Func<string, string?>? frontendPassword = null, Cluster.ClusterControl? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var logger = loggerFactory.CreateLogger("Agroal.Actors.Management");
        var current = configuration.Current;
        var admins = AdminCredentialsLoader.Load(current.Paths.AdminsFile, environment);
        if (!admins.Ok)
        {
            ManagementLog.AdminsFileUnreadable(logger, admins.Error);
        }
        var main = current.Main;
        var endpoint = new ManagementEndpointSettings
        {
            UnixSocketDirectory = string.IsNullOrEmpty(main.UnixSocketDir) ? null : main.UnixSocketDir,
            InstancePort = main.Port > 0 ? main.Port : null,
            // Read per encrypted request, so a master key created after start-up is found; its derivation is cached.
            MasterKey = () => Security.Vault.MasterKey.LoadDefault(environment),
            Host = main.Host,
            RemotePort = main.Management > 0 ? main.Management : null,
            Admins = admins.Ok ? admins.Value! : AdminCredentials.None,
            Access = new ConfigurationAccessPolicy(configuration),
            RequestTimeout = main.AuthenticationTimeout > TimeSpan.Zero ? main.AuthenticationTimeout : TimeSpan.FromSeconds(10),
            // With tls = on the remote port offers the pooler's certificate, as pgagroal does.
            Tls = tls is null ? null : tls.AuthenticateAsync,
            SocketCountChanged = socketCountChanged,
        };
        var settings = new ManagementSettings
        {
            Pool = pool,
            Configuration = configuration,
            Metrics = metrics,
            ShutdownImmediately = shutdownImmediately,
            Lifecycle = lifecycle,
            FrontendPassword = frontendPassword,
            Cluster = cluster,
        };
        return Start(system, settings, endpoint, loggerFactory);
    }

    /// <summary>Starts management with explicit settings (tests, embedding).</summary>
    public static ManagementService Start(ActorSystem system, ManagementSettings settings, ManagementEndpointSettings endpoint, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(system);
        var logger = loggerFactory.CreateLogger("Agroal.Actors.Management");
        var actor = system.ActorOf(ActorProps.Of(() => new ManagementActor(settings, logger)), "management");
        ManagementEndpoint? listeners = null;
        try
        {
            listeners = ManagementEndpoint.Start(actor, endpoint, logger);
            ManagementLog.Listening(logger, listeners.SocketPath ?? "(none)",
                listeners.LegacySocketPath ?? "(none)", listeners.RemotePort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)");
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            ManagementLog.CannotListen(logger, ex.Message);
        }
        return new ManagementService(actor, listeners);
    }

    public async ValueTask DisposeAsync()
    {
        if (Endpoint is not null)
        {
            await Endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }
}
