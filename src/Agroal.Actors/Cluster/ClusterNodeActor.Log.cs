using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

public sealed partial class ClusterNodeActor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "cluster: joining self={Self} seeds={Seeds}")]
        public static partial void Joining(ILogger logger, string self, string seeds);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "cluster: member status member={Member} status={Status}")]
        public static partial void MemberStatus(ILogger logger, string member, string status);

        [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "cluster: member removed member={Member} previous_status={PreviousStatus}")]
        public static partial void MemberRemoved(ILogger logger, string member, string previousStatus);

        [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "cluster: member unreachable member={Member}")]
        public static partial void Unreachable(ILogger logger, string member);

        [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "cluster: member reachable again member={Member}")]
        public static partial void Reachable(ILogger logger, string member);

        [LoggerMessage(EventId = 1406, Level = LogLevel.Error, Message = "cluster: this node is out of the cluster, refusing clients and closing backends until restarted self={Self} reason={Reason}")]
        public static partial void OutOfService(ILogger logger, string self, string reason);
    }
}
