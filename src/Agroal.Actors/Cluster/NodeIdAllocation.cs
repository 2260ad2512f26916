using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>Starts a node's part of node-id allocation: the allocator's singleton manager, its proxy and /user/node-id.</summary>
public static class NodeIdAllocation
{
    public const string AllocatorName = "node-id-allocator";

    public static IActorRef Start(ActorSystem system, INodeIdListener listener, NodeIdClientSettings settings, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger("Agroal.Actors.Cluster");
        // Every member must run a replicator for the allocator's majority writes and reads to find a majority; the
        // extension starts it on first use, which on a node not hosting the allocator would otherwise never come.
        Akka.DistributedData.DistributedData.Get(system);
        system.ActorOf(ClusterSingletonManager.Props(NodeIdAllocator.Props(logger), PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)),
            AllocatorName);
        var proxy = system.ActorOf(ClusterSingletonProxy.Props($"/user/{AllocatorName}", ClusterSingletonProxySettings.Create(system)),
            AllocatorName + "-proxy");
        return system.ActorOf(NodeIdClient.Props(proxy, listener, settings, logger), NodeIdClient.Name);
    }
}
