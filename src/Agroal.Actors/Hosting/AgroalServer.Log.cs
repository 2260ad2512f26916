using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

public sealed partial class AgroalServer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "metrics: endpoint reconfigured https={Https} client_certificate={ClientCertificate}")]
        public static partial void MetricsReconfigured(ILogger logger, bool https, bool clientCertificate);

        [LoggerMessage(EventId = 3202, Level = LogLevel.Error, Message = "metrics: reload rejected, keeping the running endpoint error={Error}")]
        public static partial void MetricsReloadRejected(ILogger logger, string error);

        [LoggerMessage(EventId = 3203, Level = LogLevel.Error, Message = "metrics: endpoint is off, could not bind again port={Port} error={Error}")]
        public static partial void MetricsEndpointOff(ILogger logger, int port, string error);
    }
}
