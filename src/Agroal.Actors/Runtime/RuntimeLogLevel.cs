using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace Agroal.Actors.Runtime;

/// <summary>Akka's log level from the pooler's (log_level): Akka then publishes only what the pooler's logging would write.</summary>
public static class RuntimeLogLevel
{
    public static AkkaLogLevel From(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger("Akka");
        if (logger.IsEnabled(LogLevel.Debug))
        {
            return AkkaLogLevel.DebugLevel;
        }
        if (logger.IsEnabled(LogLevel.Information))
        {
            return AkkaLogLevel.InfoLevel;
        }
        return logger.IsEnabled(LogLevel.Warning) ? AkkaLogLevel.WarningLevel : AkkaLogLevel.ErrorLevel;
    }
}
