using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

internal static partial class NodeIdClaimLog
{
    [LoggerMessage(EventId = 1431, Level = LogLevel.Information, Message = "cluster: node id claimed self={Self} node_id={NodeId}")]
    public static partial void Claimed(ILogger logger, string self, int nodeId);

    [LoggerMessage(EventId = 1432, Level = LogLevel.Information, Message = "cluster: node id clash, claiming again self={Self} node_id={NodeId}")]
    public static partial void Clash(ILogger logger, string self, int nodeId);

    [LoggerMessage(EventId = 1433, Level = LogLevel.Warning, Message = "cluster: node id claim needs a majority, retrying self={Self} step={Step}")]
    public static partial void NoMajority(ILogger logger, string self, string step);

    [LoggerMessage(EventId = 1434, Level = LogLevel.Error, Message = "cluster: no free node id (at most {MaxNodes} members can issue forwardable cancel keys) self={Self}")]
    public static partial void NoFreeId(ILogger logger, string self, int maxNodes);
}
