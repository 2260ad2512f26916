using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

internal static partial class NodeIdLog
{
    [LoggerMessage(EventId = 1431, Level = LogLevel.Information, Message = "cluster: node id confirmed self={Self} node_id={NodeId}")]
    public static partial void Confirmed(ILogger logger, string self, int nodeId);

    [LoggerMessage(EventId = 1432, Level = LogLevel.Information, Message = "cluster: node id allocator started entries={Entries}")]
    public static partial void AllocatorStarted(ILogger logger, int entries);

    [LoggerMessage(EventId = 1433, Level = LogLevel.Warning, Message = "cluster: node id allocator needs a majority, retrying operation={Operation}")]
    public static partial void NoMajority(ILogger logger, string operation);

    [LoggerMessage(EventId = 1434, Level = LogLevel.Error, Message = "cluster: no free node id (at most {MaxNodes} members can issue forwardable cancel keys) member={Member}")]
    public static partial void NoFreeId(ILogger logger, string member, int maxNodes);

    [LoggerMessage(EventId = 1435, Level = LogLevel.Information, Message = "cluster: node id granted member={Member} node_id={NodeId}")]
    public static partial void Granted(ILogger logger, string member, int nodeId);

    [LoggerMessage(EventId = 1436, Level = LogLevel.Information, Message = "cluster: node id taken over from its holder member={Member} node_id={NodeId}")]
    public static partial void Adopted(ILogger logger, string member, int nodeId);

    [LoggerMessage(EventId = 1437, Level = LogLevel.Information, Message = "cluster: node id freed (member removed) member={Member} node_id={NodeId}")]
    public static partial void Freed(ILogger logger, string member, int nodeId);

    [LoggerMessage(EventId = 1438, Level = LogLevel.Warning, Message = "cluster: node id held by another entry, reassigned member={Member} held={Held} node_id={NodeId}")]
    public static partial void Reassigned(ILogger logger, string member, int held, int nodeId);

    [LoggerMessage(EventId = 1439, Level = LogLevel.Warning, Message = "cluster: this node's id changed self={Self} old={Old} node_id={NodeId}")]
    public static partial void Changed(ILogger logger, string self, int old, int nodeId);
}
