using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Logging;
using Agroal.Actors.Metrics;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Credentials;
using Agroal.Actors.Security.Hba;
using Agroal.Actors.Security.Tls;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

/// <summary>Turns a validated configuration snapshot into the settings the running parts work from.</summary>
public static class ServerSettingsMapper
{
    public static AgroalServerSettings ToServerSettings(AgroalConfiguration configuration, CredentialStore credentials)
    {
        var main = configuration.Main;
        return new AgroalServerSettings
        {
            Host = main.Host,
            Port = main.Port,
            UnixSocketDirectory = main.UnixSocketDir,
            HoconFile = string.IsNullOrEmpty(main.HoconFile) ? null : main.HoconFile,
            Pool = ToPoolOptions(configuration, credentials),
            Clients = ToClientOptions(configuration),
            Access = new HbaAccessPolicy(HbaMatcher.For(configuration)),
            Credentials = credentials,
            Backlog = main.Backlog,
            UseEpollEngine = main.EvBackend == EventBackend.Epoll
                || (main.EvBackend == EventBackend.Auto && Networking.Epoll.EpollEngine.IsSupported),
            Metrics = ToMetricsSettings(configuration),
            Cluster = Cluster.ClusterSettings.From(main),
        };
    }

    /// <summary>Null when <c>metrics</c> is 0 (off).</summary>
    public static MetricsSettings? ToMetricsSettings(AgroalConfiguration configuration)
    {
        var main = configuration.Main;
        return main.Metrics <= 0 ? null : new MetricsSettings
        {
            Host = main.Host,
            Port = main.Metrics,
            CacheMaxAge = main.MetricsCacheMaxAge,
            CacheMaxSize = main.MetricsCacheMaxSize,
            CertFile = string.IsNullOrEmpty(main.MetricsCertFile) ? null : main.MetricsCertFile,
            KeyFile = string.IsNullOrEmpty(main.MetricsKeyFile) ? null : main.MetricsKeyFile,
            CaFile = string.IsNullOrEmpty(main.MetricsCaFile) ? null : main.MetricsCaFile,
            Limits = configuration.Limits,
            Certificates = CertificateSources(configuration),
            ServerResetQueryBehaviorOnFailure = main.ServerResetQueryBehaviorOnFailure,
            HealthCheckAuthenticates = main.HealthCheck && main.HealthCheckUser.Length > 0,
            ConsolePort = main.Console,
        };
    }

    /// <summary>pgagroal's certificate inventory: the client-facing certificate ("pgagroal"), the metrics one, each server's.</summary>
    private static List<CertificateSource> CertificateSources(AgroalConfiguration configuration)
    {
        var main = configuration.Main;
        var sources = new List<CertificateSource>();
        if (main.TlsCertFile.Length > 0)
        {
            sources.Add(new CertificateSource("pgagroal", main.TlsCertFile));
        }
        if (main.MetricsCertFile.Length > 0)
        {
            sources.Add(new CertificateSource("metrics", main.MetricsCertFile));
        }
        foreach (var server in configuration.Servers)
        {
            if (server.TlsCertFile.Length > 0)
            {
                sources.Add(new CertificateSource(server.Name, server.TlsCertFile));
            }
        }
        return sources;
    }

    public static PoolOptions ToPoolOptions(AgroalConfiguration configuration, CredentialStore credentials)
    {
        var main = configuration.Main;
        var servers = new List<ServerEndpoint>(configuration.Servers.Count);
        foreach (var server in configuration.Servers)
        {
            servers.Add(new ServerEndpoint(server.Name, server.Host, server.Port, server.Primary) { Tls = BackendTls(server), ChannelBinding = server.ChannelBinding });
        }
        var limits = configuration.Limits;
        var ruleIndex = new Dictionary<LimitRule, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < limits.Rules.Count; i++)
        {
            ruleIndex[limits.Rules[i]] = i;
        }
        return new PoolOptions
        {
            MaxConnections = main.MaxConnections,
            BlockingTimeout = main.BlockingTimeout,
            MaxRetries = main.MaxRetries,
            ConnectionRetryDelay = main.ConnectionRetryDelay,
            Servers = servers,
            BackendPassword = credentials.BackendPassword,
            FindLimit = (user, database) => limits.FindRule(user, database) is { } rule
                ? new PoolLimit(ruleIndex[rule], rule.MaxSize, rule.InitialSize, rule.MinSize)
                : null,
            RuleMaxSizes = RuleMaxSizesOf(limits),
            RuleNames = RuleNamesOf(limits),
            ClusterBudget = main.Cluster,
            ReuseOnly = false,
            Tracker = main.Tracker,
            TransactionMode = main.EffectivePipeline == PipelineMode.Transaction,
            IdleTimeout = main.IdleTimeout,
            MaxConnectionAge = main.MaxConnectionAge,
            Validation = main.Validation,
            BackgroundInterval = main.BackgroundInterval,
            FlushTimeout = main.FlushTimeout,
            Prefill = ToPrefill(limits, ruleIndex, credentials),
            HealthCheck = main.HealthCheck,
            HealthCheckPeriod = main.HealthCheckPeriod,
            HealthCheckTimeout = main.HealthCheckTimeout,
            HealthCheckUser = main.HealthCheckUser,
            Failover = main.Failover,
            FailoverScript = main.FailoverScript,
            FailoverNotifyScript = main.FailoverNotifyScript,
            FailoverScriptTimeout = main.FailoverScriptTimeout,
            DisconnectClient = main.DisconnectClient,
            DisconnectClientForce = main.DisconnectClientForce,
        };
    }

    /// <summary>pgagroal prefills only rules naming a user and a database, for users with a stored password.</summary>
    private static List<PoolPrefill> ToPrefill(LimitTable limits, Dictionary<LimitRule, int> ruleIndex, CredentialStore credentials)
    {
        var prefill = new List<PoolPrefill>();
        foreach (var rule in limits.Rules)
        {
            if (rule.IsAllDatabases || rule.IsAllUsers || (rule.InitialSize <= 0 && rule.MinSize <= 0) || credentials.BackendPassword(rule.User) is null)
            {
                continue;
            }
            prefill.Add(new PoolPrefill(new PoolKey(rule.User, rule.Database, ""),
                new PoolLimit(ruleIndex[rule], rule.MaxSize, rule.InitialSize, rule.MinSize)));
        }
        return prefill;
    }

    public static ClientSessionOptions ToClientOptions(AgroalConfiguration configuration)
    {
        var main = configuration.Main;
        var limits = configuration.Limits;
        return new ClientSessionOptions
        {
            Pipeline = main.EffectivePipeline switch
            {
                PipelineMode.Performance => PipelineKind.Performance,
                PipelineMode.Transaction => PipelineKind.Transaction,
                _ => PipelineKind.Session,
            },
            AuthenticationTimeout = main.AuthenticationTimeout,
            MaxMessageSize = (int)Math.Min(main.MaxMessageSize, int.MaxValue),
            ServerResetQuery = string.IsNullOrEmpty(main.ServerResetQuery) ? null : main.ServerResetQuery,
            AllowUnknownUsers = main.AllowUnknownUsers,
            KeepAlive = main.KeepAlive,
            NoDelay = main.NoDelay,
            LogConnections = main.LogConnections,
            Tracker = main.Tracker,
            LogDisconnections = main.LogDisconnections,
            ResolveDatabase = limits.ResolveDatabase,
            Tls = ClientTls(main),
            AuthQuery = main.AuthQuery,
            MaxPreparedStatements = main.MaxPreparedStatements,
            TrackPreparedStatements = main.TrackPreparedStatements,
            ServerResetQueryAlways = main.ServerResetQueryAlways,
            ServerResetQueryBehaviorOnFailure = main.ServerResetQueryBehaviorOnFailure,
        };
    }

    /// <summary>The pooler's certificate for clients when <c>tls = on</c>; a bad file stops the start or the reload.</summary>
    public static ClientTlsContext? ClientTls(MainSettings main)
    {
        if (!main.Tls)
        {
            return null;
        }
        return ClientTlsContext.TryLoad(new TlsFiles(main.TlsCertFile, main.TlsKeyFile, main.TlsCaFile), out var context, out var error)
            ? context
            : throw new TlsSetupException(error!);
    }

    public static BackendTlsContext? BackendTls(ServerSettings server)
    {
        if (!server.Tls)
        {
            return null;
        }
        return BackendTlsContext.TryLoad(new TlsFiles(server.TlsCertFile, server.TlsKeyFile, server.TlsCaFile), out var context, out var error)
            ? context
            : throw new TlsSetupException($"[{server.Name}] {error}");
    }

    public static LoggingSettings ToLoggingSettings(MainSettings main) => new()
    {
        Type = main.LogType,
        Level = main.LogLevel switch
        {
            LogSeverity.Fatal => LogLevel.Critical,
            LogSeverity.Error => LogLevel.Error,
            LogSeverity.Warn => LogLevel.Warning,
            LogSeverity.Info => LogLevel.Information,
            LogSeverity.Debug5 => LogLevel.Trace,
            _ => LogLevel.Debug,
        },
        LogPath = main.LogPath,
        LinePrefix = main.LogLinePrefix,
        Mode = main.LogMode,
        RotationAge = main.LogRotationAge,
        RotationSize = main.LogRotationSize,
    };

    private static string[] RuleNamesOf(LimitTable limits)
    {
        var names = new string[limits.Rules.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = limits.Rules[i].Database + "/" + limits.Rules[i].User;
        }
        return names;
    }

    private static int[] RuleMaxSizesOf(LimitTable limits)
    {
        var sizes = new int[limits.Rules.Count];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = limits.Rules[i].MaxSize;
        }
        return sizes;
    }
}
