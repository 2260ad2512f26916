using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

public sealed partial class AgroalProcess
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "agroal: started host={Host} port={Port} pipeline={Pipeline} max_connections={MaxConnections} servers={Servers} config={ConfigFile}")]
        public static partial void Started(ILogger logger, string host, int port, string pipeline, int maxConnections, int servers, string configFile);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "agroal: shutdown mode={Mode}")]
        public static partial void Stopping(ILogger logger, string mode);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "agroal: stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "agroal: {Reason}")]
        public static partial void Fatal(ILogger logger, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "configuration: {Warning}")]
        public static partial void ConfigurationWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "pool: max_connections={MaxConnections} total={Total} active={Active} waiting={Waiting}")]
        public static partial void PoolStatus(ILogger logger, int maxConnections, int total, int active, int waiting);
    }
}
