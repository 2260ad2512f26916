using Agroal.Actors.Clients;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>Cancel from any node: this node's end point for forwarded cancels, and the node-id allocation that routes them.</summary>
public static class CancelRouting
{
    public static void Start(ActorSystem system, ClusterContext context)
    {
        var logger = context.LoggerFactory.CreateLogger("Agroal.Actors.Cluster");
        var cancelKeys = context.Services.CancelKeys;
        system.ActorOf(CancelForwardActor.Props((processId, secretKey) =>
            ClientSession.DeliverCancelAsync(cancelKeys, logger, 0, processId, secretKey, CancellationToken.None)), CancelForwardActor.Name);
        NodeIdAllocation.Start(system, new CancelRouteBinding(system, context), NodeIdClientSettings.Default, context.LoggerFactory);
    }
}
