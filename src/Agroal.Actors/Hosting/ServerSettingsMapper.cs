using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Logging;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Credentials;
using Agroal.Actors.Security.Hba;
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
            Pool = ToPoolOptions(configuration, credentials),
            Clients = ToClientOptions(configuration),
            Access = new HbaAccessPolicy(HbaMatcher.For(configuration)),
            Credentials = credentials,
            Backlog = main.Backlog,
        };
    }

    public static PoolOptions ToPoolOptions(AgroalConfiguration configuration, CredentialStore credentials)
    {
        var main = configuration.Main;
        var servers = new List<ServerEndpoint>(configuration.Servers.Count);
        foreach (var server in configuration.Servers)
        {
            servers.Add(new ServerEndpoint(server.Name, server.Host, server.Port, server.Primary));
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
            Servers = servers,
            BackendPassword = credentials.BackendPassword,
            FindLimit = (user, database) => limits.FindRule(user, database) is { } rule
                ? new PoolLimit(ruleIndex[rule], rule.MaxSize, rule.InitialSize, rule.MinSize)
                : null,
            ReuseOnly = false,
        };
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
            LogConnections = main.LogConnections,
            LogDisconnections = main.LogDisconnections,
            ResolveDatabase = limits.ResolveDatabase,
            MaxPreparedStatements = main.MaxPreparedStatements,
            TrackPreparedStatements = main.TrackPreparedStatements,
            ServerResetQueryAlways = main.ServerResetQueryAlways,
        };
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
}
