using Agroal.Actors.Configuration;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>The log_* keys of the configuration, already validated. Defaults are pgagroal's.</summary>
public sealed record LoggingSettings
{
    public const string DefaultLinePrefix = "%Y-%m-%d %H:%M:%S";
    public const string DefaultSyslogSocket = "/dev/log";

    public LogType Type { get; init; } = LogType.Console;

    /// <summary>Lowest level written; see <see cref="LogLevelNames.Parse"/> for pgagroal's names.</summary>
    public LogLevel Level { get; init; } = LogLevel.Information;

    /// <summary>File sink path, a strftime pattern (e.g. <c>/var/log/agroal-%Y-%m-%d.log</c>).</summary>
    public string LogPath { get; init; } = "agroal.log";

    /// <summary>strftime pattern printed before each console or file line; empty for none.</summary>
    public string LinePrefix { get; init; } = DefaultLinePrefix;

    public LogMode Mode { get; init; } = LogMode.Append;

    /// <summary>Start a new file once the current one is this old; zero turns it off.</summary>
    public TimeSpan RotationAge { get; init; }

    /// <summary>Start a new file once the current one holds this many bytes; zero turns it off.</summary>
    public long RotationSize { get; init; }

    /// <summary>The syslog datagram socket (injectable for tests).</summary>
    public string SyslogSocket { get; init; } = DefaultSyslogSocket;

    public string SyslogIdent { get; init; } = "agroal";
}
