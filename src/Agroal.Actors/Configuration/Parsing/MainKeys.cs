using System.Globalization;
using K = Agroal.Actors.Configuration.Parsing.SettingKeys<Agroal.Actors.Configuration.MainSettings>;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>
/// Every key of the [pgagroal] section, with its reload class from pgagroal HEAD (R = live, RS = restart).
/// The last block holds this project's own keys (see <see cref="MainSettings"/> for their meaning).
/// </summary>
internal static class MainKeys
{
    private const ReloadEffect Live = ReloadEffect.AppliesLive;
    private const ReloadEffect Restart = ReloadEffect.RequiresRestart;
    private const long MetricsCacheCap = 1024 * 1024;

    public static readonly IReadOnlyList<SettingKey<MainSettings>> All =
    [
        K.Text("host", Restart, s => s.Host, (s, v) => s with { Host = v }),
        K.Port("port", Restart, false, s => s.Port, (s, v) => s with { Port = v }),
        K.PathText("unix_socket_dir", Restart, s => s.UnixSocketDir, (s, v) => s with { UnixSocketDir = v }),
        K.PathText("hocon_file", Restart, s => s.HoconFile, (s, v) => s with { HoconFile = v }),
        K.Port("metrics", Restart, true, s => s.Metrics, (s, v) => s with { Metrics = v }),
        K.Duration("metrics_cache_max_age", Live, TimeSpan.Zero, s => s.MetricsCacheMaxAge, (s, v) => s with { MetricsCacheMaxAge = v }),
        K.Custom<long>("metrics_cache_max_size", Restart, false, ParseMetricsCacheSize, s => s.MetricsCacheMaxSize, (s, v) => s with { MetricsCacheMaxSize = v }, K.FormatLong),
        K.Text("metrics_cert_file", Live, s => s.MetricsCertFile, (s, v) => s with { MetricsCertFile = v }),
        K.Text("metrics_key_file", Live, s => s.MetricsKeyFile, (s, v) => s with { MetricsKeyFile = v }),
        K.Text("metrics_ca_file", Live, s => s.MetricsCaFile, (s, v) => s with { MetricsCaFile = v }),
        K.Port("management", Restart, true, s => s.Management, (s, v) => s with { Management = v }),
        K.Port("console", Restart, true, s => s.Console, (s, v) => s with { Console = v }),

        K.Enum("log_type", Restart, EnumSpellingTables.LogTypes, s => s.LogType, (s, v) => s with { LogType = v }),
        K.Enum("log_level", Live, EnumSpellingTables.LogLevels, s => s.LogLevel, (s, v) => s with { LogLevel = v }),
        K.PathText("log_path", Live, s => s.LogPath, (s, v) => s with { LogPath = v }),
        K.Duration("log_rotation_age", Live, TimeSpan.Zero, s => s.LogRotationAge, (s, v) => s with { LogRotationAge = v }),
        K.Size("log_rotation_size", Live, 0, long.MaxValue, s => s.LogRotationSize, (s, v) => s with { LogRotationSize = v }),
        K.Text("log_line_prefix", Live, s => s.LogLinePrefix, (s, v) => s with { LogLinePrefix = v }),
        K.Enum("log_mode", Live, EnumSpellingTables.LogModes, s => s.LogMode, (s, v) => s with { LogMode = v }),
        K.Bool("log_connections", Live, s => s.LogConnections, (s, v) => s with { LogConnections = v }),
        K.Bool("log_disconnections", Live, s => s.LogDisconnections, (s, v) => s with { LogDisconnections = v }),

        K.Duration("blocking_timeout", Live, TimeSpan.Zero, s => s.BlockingTimeout, (s, v) => s with { BlockingTimeout = v }),
        K.Custom<TimeSpan>("connection_retry_delay", Live, false, ParseRetryDelay, s => s.ConnectionRetryDelay, (s, v) => s with { ConnectionRetryDelay = v }, FormatMilliseconds),
        K.Duration("idle_timeout", Live, TimeSpan.Zero, s => s.IdleTimeout, (s, v) => s with { IdleTimeout = v }),
        K.Duration("max_connection_age", Live, TimeSpan.Zero, s => s.MaxConnectionAge, (s, v) => s with { MaxConnectionAge = v }),
        K.Duration("rotate_frontend_password_timeout", Live, TimeSpan.Zero, s => s.RotateFrontendPasswordTimeout, (s, v) => s with { RotateFrontendPasswordTimeout = v }),
        K.Int("rotate_frontend_password_length", Live, 8, 1024, s => s.RotateFrontendPasswordLength, (s, v) => s with { RotateFrontendPasswordLength = v }),
        K.Duration("flush_timeout", Live, TimeSpan.Zero, s => s.FlushTimeout, (s, v) => s with { FlushTimeout = v }),
        K.Enum("validation", Live, EnumSpellingTables.ValidationModes, s => s.Validation, (s, v) => s with { Validation = v }),
        K.Duration("background_interval", Live, TimeSpan.FromSeconds(5), s => s.BackgroundInterval, (s, v) => s with { BackgroundInterval = v }),
        K.Int("max_retries", Live, 0, int.MaxValue, s => s.MaxRetries, (s, v) => s with { MaxRetries = v }),
        K.Int("max_connections", Restart, 1, 10000, s => s.MaxConnections, (s, v) => s with { MaxConnections = v }),
        K.Bool("allow_unknown_users", Live, s => s.AllowUnknownUsers, (s, v) => s with { AllowUnknownUsers = v }),
        K.Custom<TimeSpan>("authentication_timeout", Live, false, ParseAuthenticationTimeout, s => s.AuthenticationTimeout, (s, v) => s with { AuthenticationTimeout = v }, K.FormatDuration),
        K.Enum("pipeline", Restart, EnumSpellingTables.Pipelines, s => s.Pipeline, (s, v) => s with { Pipeline = v }),
        K.Bool("auth_query", Live, s => s.AuthQuery, (s, v) => s with { AuthQuery = v }),
        K.Bool("failover", Live, s => s.Failover, (s, v) => s with { Failover = v }),
        K.Text("failover_script", Live, s => s.FailoverScript, (s, v) => s with { FailoverScript = v }),
        K.Text("failover_notify_script", Live, s => s.FailoverNotifyScript, (s, v) => s with { FailoverNotifyScript = v }),
        K.Bool("tls", Restart, s => s.Tls, (s, v) => s with { Tls = v }),
        K.PathText("tls_cert_file", Live, s => s.TlsCertFile, (s, v) => s with { TlsCertFile = v }),
        K.PathText("tls_key_file", Live, s => s.TlsKeyFile, (s, v) => s with { TlsKeyFile = v }),
        K.PathText("tls_ca_file", Live, s => s.TlsCaFile, (s, v) => s with { TlsCaFile = v }),
        K.Enum("ev_backend", Restart, EnumSpellingTables.EventBackends, s => s.EvBackend, (s, v) => s with { EvBackend = v }),
        K.Bool("keep_alive", Live, s => s.KeepAlive, (s, v) => s with { KeepAlive = v }),
        K.Bool("nodelay", Live, s => s.NoDelay, (s, v) => s with { NoDelay = v }),
        K.Custom<int>("backlog", Restart, false, ParseBacklog, s => s.Backlog, (s, v) => s with { BacklogSetting = v }, K.FormatInt),
        K.Enum("hugepage", Restart, EnumSpellingTables.TriStates, s => s.HugePage, (s, v) => s with { HugePage = v }),
        K.Bool("tracker", Live, s => s.Tracker, (s, v) => s with { Tracker = v }),
        K.Bool("track_prepared_statements", Live, s => s.TrackPreparedStatements, (s, v) => s with { TrackPreparedStatements = v }),
        K.Text("server_reset_query", Live, s => s.ServerResetQuery, (s, v) => s with { ServerResetQuery = v }),
        K.Bool("server_reset_query_always", Live, s => s.ServerResetQueryAlways, (s, v) => s with { ServerResetQueryAlways = v }),
        K.Enum("server_reset_query_behavior_on_failure", Live, EnumSpellingTables.ResetFailureBehaviors, s => s.ServerResetQueryBehaviorOnFailure, (s, v) => s with { ServerResetQueryBehaviorOnFailure = v }),
        K.Custom<string>("pidfile", Restart, true, ParsePidfile, s => s.Pidfile, (s, v) => s with { PidfileSetting = v.Length == 0 ? null : v }, static v => v),
        K.Enum("update_process_title", Live, EnumSpellingTables.ProcessTitles, s => s.UpdateProcessTitle, (s, v) => s with { UpdateProcessTitle = v }),
        K.Bool("health_check", Live, s => s.HealthCheck, (s, v) => s with { HealthCheck = v }),
        K.Duration("health_check_period", Live, TimeSpan.FromSeconds(1), s => s.HealthCheckPeriod, (s, v) => s with { HealthCheckPeriod = v }),
        K.Duration("health_check_timeout", Live, TimeSpan.FromSeconds(1), s => s.HealthCheckTimeout, (s, v) => s with { HealthCheckTimeout = v }),
        K.Text("health_check_user", Live, s => s.HealthCheckUser, (s, v) => s with { HealthCheckUser = v }),
        K.Enum("startup_validation", Live, EnumSpellingTables.TriStates, s => s.StartupValidation, (s, v) => s with { StartupValidation = v }),
        K.Duration("disconnect_client", Live, TimeSpan.Zero, s => s.DisconnectClient, (s, v) => s with { DisconnectClient = v }),
        K.Bool("disconnect_client_force", Live, s => s.DisconnectClientForce, (s, v) => s with { DisconnectClientForce = v }),

        // This project's keys.
        K.Int("max_prepared_statements", Live, 0, 100_000, s => s.MaxPreparedStatements, (s, v) => s with { MaxPreparedStatements = v }),
        K.Bool("cluster", Restart, s => s.Cluster, (s, v) => s with { Cluster = v }),
        K.Text("cluster_host", Restart, s => s.ClusterHost, (s, v) => s with { ClusterHost = v }),
        K.Port("cluster_port", Restart, false, s => s.ClusterPort, (s, v) => s with { ClusterPort = v }),
        K.Custom<string>("cluster_seed_nodes", Restart, false, ClusterKeyParsers.ParseSeedNodes, s => s.ClusterSeedNodes, (s, v) => s with { ClusterSeedNodes = v }, static v => v),
        K.Custom<string>("cluster_name", Restart, false, ClusterKeyParsers.ParseClusterName, s => s.ClusterName, (s, v) => s with { ClusterName = v }, static v => v),
        K.Duration("failover_script_timeout", Live, TimeSpan.FromSeconds(1), s => s.FailoverScriptTimeout, (s, v) => s with { FailoverScriptTimeout = v }),
        K.Size("max_message_size", Live, 1024, 1024L * 1024 * 1024, s => s.MaxMessageSize, (s, v) => s with { MaxMessageSize = v }),
    ];

    public static SettingKey<MainSettings>? Find(string name) => KeyLookup.Find(All, name);

    private static bool ParseRetryDelay(string text, SettingContext context, out TimeSpan value, out string reason)
    {
        value = TimeSpan.Zero;
        if (!ValueParsers.TryParseInt(text, out var milliseconds, out reason))
        {
            return false;
        }

        var clamped = Math.Clamp(milliseconds, 1, 999);
        if (clamped != milliseconds)
        {
            context.Note(string.Create(CultureInfo.InvariantCulture, $"connection_retry_delay: {milliseconds} ms clamped to {clamped} ms"));
        }

        value = TimeSpan.FromMilliseconds(clamped);
        return true;
    }

    private static string FormatMilliseconds(TimeSpan value) =>
        ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static bool ParseAuthenticationTimeout(string text, SettingContext context, out TimeSpan value, out string reason)
    {
        if (!ValueParsers.TryParseDuration(text, out value, out reason))
        {
            return false;
        }

        // pgagroal treats 0 as "use the default": a client must not hold a worker forever during login.
        if (value == TimeSpan.Zero)
        {
            value = TimeSpan.FromSeconds(5);
        }

        return true;
    }

    private static bool ParseMetricsCacheSize(string text, SettingContext context, out long value, out string reason)
    {
        if (!ValueParsers.TryParseSize(text, out value, out reason))
        {
            return false;
        }

        if (value > MetricsCacheCap)
        {
            context.Note(string.Create(CultureInfo.InvariantCulture, $"metrics_cache_max_size: {value} bytes capped at {MetricsCacheCap} bytes"));
            value = MetricsCacheCap;
        }

        return true;
    }

    private static bool ParseBacklog(string text, SettingContext context, out int value, out string reason) =>
        ValueParsers.TryParseIntInRange(text, 1, int.MaxValue, out value, out reason);

    private static bool ParsePidfile(string text, SettingContext context, out string value, out string reason)
    {
        value = text;
        reason = "";
        return true;
    }
}
