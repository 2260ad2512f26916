using System.Globalization;

namespace Agroal.Actors.Configuration;

/// <summary>
/// The <c>[pgagroal]</c> section, typed. Defaults are pgagroal's (HEAD); keys this project adds are in
/// <c>MainSettings.Extensions.cs</c>. Durations are <see cref="TimeSpan"/>, sizes are bytes.
/// </summary>
public sealed partial record MainSettings
{
    public string Host { get; init; } = "";

    public int Port { get; init; }

    public string UnixSocketDir { get; init; } = "";

    /// <summary>A HOCON file laid over the actor runtime's defaults (hocon/agroal.conf); "" for none. Not a pgagroal key.</summary>
    public string HoconFile { get; init; } = "";

    /// <summary>Prometheus port; 0 = off.</summary>
    public int Metrics { get; init; }

    public TimeSpan MetricsCacheMaxAge { get; init; }

    public long MetricsCacheMaxSize { get; init; } = 256 * 1024;

    public string MetricsCertFile { get; init; } = "";

    public string MetricsKeyFile { get; init; } = "";

    public string MetricsCaFile { get; init; } = "";

    /// <summary>Remote management port; 0 = off.</summary>
    public int Management { get; init; }

    /// <summary>Web console port; 0 = off.</summary>
    public int Console { get; init; }

    public int MaxConnections { get; init; } = 100;

    public bool KeepAlive { get; init; } = true;

    public bool NoDelay { get; init; } = true;

    /// <summary>The explicit <c>backlog</c>, or null for pgagroal's default.</summary>
    public int? BacklogSetting { get; init; }

    /// <summary>listen() backlog: the explicit value, else max(max_connections / 4, 16).</summary>
    public int Backlog => BacklogSetting ?? Math.Max(MaxConnections / 4, 16);

    /// <summary>The explicit <c>pidfile</c>, or null for the default.</summary>
    public string? PidfileSetting { get; init; }

    /// <summary>The pid file: the explicit value, else <c>&lt;unix_socket_dir&gt;/pgagroal.&lt;port&gt;.pid</c>.</summary>
    public string Pidfile =>
        PidfileSetting ?? Path.Combine(UnixSocketDir, string.Create(CultureInfo.InvariantCulture, $"pgagroal.{Port}.pid"));

    public EventBackend EvBackend { get; init; } = EventBackend.Auto;

    public TriState HugePage { get; init; } = TriState.Try;

    public ProcessTitleMode UpdateProcessTitle { get; init; } = ProcessTitleMode.Verbose;

    public TriState StartupValidation { get; init; } = TriState.Try;
}
