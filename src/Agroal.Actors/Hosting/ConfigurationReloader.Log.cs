using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

public sealed partial class ConfigurationReloader
{
    private static partial class Log
    {
        /// <summary>Worded as start-up's warning (AgroalProcess), so a reload reports a file the same way.</summary>
        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "configuration: {Warning}")]
        public static partial void ConfigurationWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "reload: {Warning}")]
        public static partial void ReloadWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "reload rejected: {Error}")]
        public static partial void ReloadRejected(ILogger logger, string error);

        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "reload: needs a restart, keeping the running value key={Key} old={Old} new={New}")]
        public static partial void RestartRequired(ILogger logger, string key, string? old, string? @new);

        [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "reload: applied changes={Changes} restart_required={RestartRequired}")]
        public static partial void Reloaded(ILogger logger, int changes, bool restartRequired);
    }
}
