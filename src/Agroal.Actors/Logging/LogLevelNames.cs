using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>pgagroal's level names, both ways.</summary>
public static class LogLevelNames
{
    /// <summary>
    /// fatal, error, warn, info, debug, debug1-debug4 (Debug), debug5 and trace (Trace), case-insensitive.
    /// Returns false and <see cref="LogLevel.Information"/> for anything else, as pgagroal falls back to info.
    /// </summary>
    public static bool TryParse(string? name, out LogLevel level)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "fatal": level = LogLevel.Critical; return true;
            case "error": level = LogLevel.Error; return true;
            case "warn": level = LogLevel.Warning; return true;
            case "info": level = LogLevel.Information; return true;
            case "debug" or "debug1" or "debug2" or "debug3" or "debug4": level = LogLevel.Debug; return true;
            case "debug5" or "trace": level = LogLevel.Trace; return true;
            default: level = LogLevel.Information; return false;
        }
    }

    /// <summary>The label printed in a log line, padded to five characters.</summary>
    public static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO ",
        LogLevel.Warning => "WARN ",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };
}
