namespace Agroal.Actors.Configuration;

public sealed partial record MainSettings
{
    public LogType LogType { get; init; } = LogType.Console;

    public LogSeverity LogLevel { get; init; } = LogSeverity.Info;

    /// <summary>Log file; may hold strftime patterns.</summary>
    public string LogPath { get; init; } = "pgagroal.log";

    public TimeSpan LogRotationAge { get; init; }

    public long LogRotationSize { get; init; }

    public string LogLinePrefix { get; init; } = "%Y-%m-%d %H:%M:%S";

    public LogMode LogMode { get; init; } = LogMode.Append;

    public bool LogConnections { get; init; }

    public bool LogDisconnections { get; init; }

    public bool Tracker { get; init; }
}
