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
    }
}
