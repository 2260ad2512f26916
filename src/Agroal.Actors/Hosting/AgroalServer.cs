using System.Net;
using Agroal.Actors.Clients;
using Agroal.Actors.Runtime;
using Akka.Actor;
using Akka.Hosting;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

/// <summary>
/// A running pooler: the actor system (/pool, /clients) and the Kestrel listeners that feed it. Built from
/// already-validated settings, so the process entry point and the integration tests start it the same way.
/// </summary>
public sealed partial class AgroalServer : IAsyncDisposable
{
    private readonly WebApplication _listener;
    private readonly BackendConnector _connector;
    private readonly Networking.Epoll.EpollEngine? _engine;
    private int _stopped;

    private AgroalServer(WebApplication listener, ActorSystem system, IActorRef pool, IActorRef clients, PoolerServices services,
        PoolCounters poolCounters, BackendConnector connector, Networking.Epoll.EpollEngine? engine, int port)
    {
        _engine = engine;
        _listener = listener;
        System = system;
        Pool = pool;
        Clients = clients;
        Services = services;
        PoolCounters = poolCounters;
        _connector = connector;
        Port = port;
    }

    public ActorSystem System { get; }

    /// <summary>The Generic Host's services, where Akka.Hosting registered the ActorSystem and the actors' IRequiredActor.</summary>
    internal IServiceProvider HostServices => _listener.Services;

    public IActorRef Pool { get; }

    public IActorRef Clients { get; }

    public PoolerServices Services { get; }

    public PoolCounters PoolCounters { get; }

    /// <summary>Disabled databases, refusal of new clients and the pool's request to exit (graceful shutdown).</summary>
    public PoolLifecycle Lifecycle { get; private init; } = new();

    /// <summary>ev_backend as it runs: "epoll" (agroal's own loops) or "dotnet" (.NET's socket engine).</summary>
    public string SocketEngine => _engine is null ? "dotnet" : "epoll";

    /// <summary>The TCP port actually bound.</summary>
    public int Port { get; }

    /// <summary>This node's view of the cluster; null in standalone mode.</summary>
    public Cluster.ClusterMembership? ClusterMembership { get; private init; }

    /// <summary>Cluster mode: the failover keys this node's coordinator reads, replaced by <see cref="ApplyLifecycle"/>.</summary>
    internal Cluster.ClusterFailoverOptions? ClusterFailoverOptions { get; private init; }

    /// <summary>The prometheus-net registry of this pooler's counters, histograms and exporter families.</summary>
    public Prometheus.CollectorRegistry MetricRegistry { get; private init; } = null!;

    private ILoggerFactory LoggerFactory { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    private TimeProvider Clock { get; init; } = TimeProvider.System;

    public static async Task<AgroalServer> StartAsync(AgroalServerSettings settings, ILoggerFactory loggerFactory, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var hocon = RuntimeHocon.Load(settings.HoconFile, settings.Cluster);
        var recoveredSecrets = new Security.AuthQuery.RecoveredSecretCache();
        var engine = settings.UseEpollEngine ? new Networking.Epoll.EpollEngine(loggerFactory) : null;
        var connector = new BackendConnector(clock, recoveredSecrets, engine);
        // One registry per pooler: the pool and client counters and the exporter's families all live in it.
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var poolCounters = new PoolCounters(registry);
        var lifecycle = new PoolLifecycle();
        var actors = new StartedActors();
        var listenerTarget = new ClientListenerTarget();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, ListenerLifetime>();
        // Akka.Hosting starts the system and the actors inside the host; accepts wait for the listener target to be bound.
        // In cluster mode the system's name is cluster_name: it is part of every address, so nodes with another name never join.
        builder.Services.AddAkka(settings.Cluster?.Name ?? "agroal", akka =>
        {
            akka.AddHocon(hocon, HoconAddMode.Append);
            if (settings.Cluster is not null)
            {
                Cluster.ClusterServices.Configure(akka, settings.Cluster);
                if (Cluster.RemotingTlsTrust.CreateSetup(hocon, loggerFactory) is { } remotingTls)
                {
                    akka.AddSetup(remotingTls);
                }
            }
            akka.AddSetup(new RuntimeLoggingSetup(loggerFactory));
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = RuntimeLogLevel.From(loggerFactory);
                loggers.ClearLoggers();
                loggers.AddLogger<RuntimeLogBridge>();
            });
            akka.WithActors((system, actorRegistry) =>
                StartActors(system, actorRegistry, actors, listenerTarget, settings, connector, poolCounters, lifecycle, recoveredSecrets, registry, loggerFactory, clock));
        });
        builder.Services.AddSingleton(listenerTarget);
        if (engine is not null)
        {
            // The epoll engine accepts on its loops and starts each session there; Kestrel would queue every
            // accepted client to the thread pool first.
            builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer>(new Networking.Epoll.EpollServer(
                engine, ClientEndPoints(settings), settings.Backlog, new PostgresConnectionHandler(listenerTarget), loggerFactory));
        }
        else
        {
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => ConfigureListeners(kestrel, settings));
            // The relay never blocks, so socket completions may run it directly instead of hopping through queues.
            builder.WebHost.UseSockets(sockets =>
            {
                sockets.UnsafePreferInlineScheduling = true;
                sockets.Backlog = settings.Backlog;
                // keep_alive and nodelay are set per accepted socket from the running options (they apply live).
                sockets.NoDelay = settings.Clients.NoDelay;
            });
        }
        var listener = builder.Build();
        try
        {
            await listener.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            listenerTarget.Fail(ex);
            await listener.StopAsync().ConfigureAwait(false);
            await listener.DisposeAsync().ConfigureAwait(false);
            connector.Dispose();
            engine?.Dispose();
            throw;
        }
        var system = listener.Services.GetRequiredService<ActorSystem>();
        var port = Networking.KestrelEndpoints.BoundPort(listener, settings.Port);
        var server = new AgroalServer(listener, system, actors.Pool, actors.Clients, actors.Services, poolCounters, connector, engine, port)
        {
            ClusterMembership = actors.ClusterMembership,
            ClusterFailoverOptions = actors.ClusterFailoverOptions,
            Lifecycle = lifecycle,
            MetricRegistry = registry,
            LoggerFactory = loggerFactory,
            Clock = clock,
        };
        server.ApplyLifecycle(settings.Pool);
        await server.StartMetricsAsync(settings, loggerFactory, clock).ConfigureAwait(false);
        return server;
    }

    /// <summary>/pool and /clients, started by Akka.Hosting once the system is up, and registered for <c>IRequiredActor</c>.</summary>
    private static void StartActors(ActorSystem system, IActorRegistry actorRegistry, StartedActors actors, ClientListenerTarget listenerTarget, AgroalServerSettings settings,
        BackendConnector connector, PoolCounters poolCounters, PoolLifecycle lifecycle, Security.AuthQuery.RecoveredSecretCache recoveredSecrets,
        Prometheus.CollectorRegistry registry, ILoggerFactory loggerFactory, TimeProvider clock)
    {
        DomainClock.Register(system, clock);
        var poolLogger = loggerFactory.CreateLogger("Agroal.Actors.Pool");
        var lanes = new Pool.Lanes.PoolLanes(settings.Pool.MaxConnections);
        // The pool follows the clients' pipeline (its backends' login and its tracker lines depend on it).
        var poolOptions = settings.Pool with { TransactionMode = settings.Clients.Pipeline == PipelineKind.Transaction };
        var pool = system.ActorOf(ActorProps.Of(() => new PoolManagerActor(poolOptions, connector, poolCounters, poolLogger, lifecycle, lanes)), "pool");
        PoolerServices? services = null;
        var authQuery = new Security.AuthQuery.AuthQueryService(connector, () => services?.Credentials.Superuser, settings.Pool.Servers, recoveredSecrets);
        services = new PoolerServices(pool, settings.Clients, settings.Access, settings.Credentials,
            new CancelKeyRegistry(settings.NodeIndex), new ClientCounters(registry), loggerFactory, clock, lifecycle.DisabledDatabases)
        {
            AuthQuery = authQuery,
            Lanes = lanes,
        };
        lifecycle.RefuseNewClientsChanged = refuse => services.RefuseNewClients = refuse;
        var clients = system.ActorOf(ActorProps.Of(() => new ClientsSupervisorActor(services.FreeClientActors)).WithDispatcher(InlineDispatcher.ConfigPath), "clients");
        actorRegistry.Register<PoolManagerActor>(pool);
        actorRegistry.Register<ClientsSupervisorActor>(clients);
        actors.Started(pool, clients, services);
        if (settings.Cluster is { } cluster)
        {
            var membership = new Cluster.ClusterMembership(cluster.SelfAddress);
            actors.ClusterMembership = membership;
            var failoverOptions = new Cluster.ClusterFailoverOptions(settings.Pool);
            actors.ClusterFailoverOptions = failoverOptions;
            Cluster.ClusterServices.Start(system, actorRegistry,
                new Cluster.ClusterContext(cluster, pool, clients, services, settings.Pool, membership, registry, loggerFactory, clock)
                {
                    Lifecycle = lifecycle, Connector = connector, FailoverOptions = failoverOptions,
                });
        }
        listenerTarget.Bind(clients, services);
    }

    private FrontendPasswordRotation? _passwordRotation;

    /// <summary>rotate_frontend_password_timeout / _length, at start and on every reload (both apply live).</summary>
    public void ConfigurePasswordRotation(TimeSpan period, int length)
    {
        lock (_lifecycleGate)
        {
            if (_passwordRotation is null && period <= TimeSpan.Zero)
            {
                return;
            }
            _passwordRotation ??= new FrontendPasswordRotation(() => Services.Credentials, Services.ReplaceCredentials, Clock, LoggerFactory.CreateLogger("Agroal.Actors.Security"));
            _passwordRotation.Configure(period, length);
        }
    }

    /// <summary>/failover when failover is on, /disconnect-client when disconnect_client is set; a reload may start them later.</summary>
    private readonly Lock _lifecycleGate = new();
    private IActorRef? _failover;
    private IActorRef? _clientReaper;

    /// <summary>
    /// Applies the lifecycle keys of a (re)loaded configuration: starts /failover or /disconnect-client when first
    /// needed, and hands the running ones their new settings (a running failover script finishes with the old ones).
    /// </summary>
    public void ApplyLifecycle(PoolOptions pool)
    {
        lock (_lifecycleGate)
        {
            // In cluster mode the coordinator runs the script (reading these keys at each decision when it runs on this node)
            // and the primary-view follower is the pool's failover actor.
            ClusterFailoverOptions?.Replace(pool);
            if (pool.Failover && pool.FailoverScript.Length > 0 && ClusterMembership is null)
            {
                var failover = new Failover.FailoverSettings(pool.FailoverScript, pool.FailoverNotifyScript, pool.FailoverScriptTimeout);
                if (_failover is null)
                {
                    var logger = LoggerFactory.CreateLogger("Agroal.Actors.Failover");
                    var poolRef = Pool;
                    _failover = System.ActorOf(ActorProps.Of(() => new Failover.FailoverActor(poolRef, failover, logger)), "failover");
                }
                else
                {
                    _failover.Tell(new Failover.FailoverProtocol.Reconfigure(failover));
                }
            }
            if (_clientReaper is not null)
            {
                _clientReaper.Tell(new Maintenance.ClientReaperActor.Reconfigure(pool.DisconnectClient, pool.DisconnectClientForce));
            }
            else if (pool.DisconnectClient > TimeSpan.Zero)
            {
                var clients = Clients;
                _clientReaper = System.ActorOf(ActorProps.Of(() => new Maintenance.ClientReaperActor(clients, pool.DisconnectClient, pool.DisconnectClientForce)), "disconnect-client");
            }
        }
    }

    private static void ConfigureListeners(KestrelServerOptions kestrel, AgroalServerSettings settings)
    {
        kestrel.AddServerHeader = false;
        Networking.KestrelEndpoints.Listen(kestrel, settings.Host, settings.Port, static l => l.UseConnectionHandler<PostgresConnectionHandler>());
        if (UnixSocketPath(settings) is { } path)
        {
            kestrel.ListenUnixSocket(path, static l => l.UseConnectionHandler<PostgresConnectionHandler>());
        }
    }

    private static List<EndPoint> ClientEndPoints(AgroalServerSettings settings)
    {
        var endPoints = new List<EndPoint> { Networking.KestrelEndpoints.EndPointFor(settings.Host, settings.Port) };
        if (UnixSocketPath(settings) is { } path)
        {
            endPoints.Add(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        }
        return endPoints;
    }

    /// <summary>pgagroal's .s.PGSQL.port in unix_socket_dir, with a file left by a crashed run removed; null for none.</summary>
    private static string? UnixSocketPath(AgroalServerSettings settings)
    {
        if (settings.UnixSocketDirectory is not { Length: > 0 } directory || settings.Port == 0)
        {
            return null;
        }
        var path = Path.Combine(directory, $".s.PGSQL.{settings.Port}");
        // A socket file left by a crashed run would make the bind fail; nobody else can be serving it if our TCP bind succeeds.
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        return path;
    }

    /// <summary>Immediate stop: no new sockets, every client disconnected, every backend closed.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        Services.RefuseNewClients = true;
        lock (_lifecycleGate)
        {
            _passwordRotation?.Dispose();
        }
        Clients.Tell(ClientProtocol.DisconnectAll.Instance);
        await StopMetricsAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _listener.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        // Stopping the host ran coordinated shutdown; this only waits for the system to be gone.
        await System.Terminate().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        _connector.Dispose();
        _engine?.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
