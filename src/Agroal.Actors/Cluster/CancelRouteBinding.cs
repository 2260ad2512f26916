using Akka.Actor;

namespace Agroal.Actors.Cluster;

/// <summary>
/// Applies this node's confirmed id and the other members' ids to the pooler: the id goes into the cancel keys issued
/// from then on, and <see cref="Clients.PoolerServices.CancelForwarder"/> is set only once the id is confirmed (a key
/// issued before carries 0 and is cancelled through this node). Called from the <see cref="NodeIdClient"/> only.
/// </summary>
public sealed class CancelRouteBinding(ActorSystem system, ClusterContext context) : INodeIdListener
{
    private IReadOnlyDictionary<int, Address> _routes = new Dictionary<int, Address>();
    private CancelForwarder? _forwarder;

    public void Assigned(int nodeId)
    {
        var membership = context.Membership;
        var forwarder = new CancelForwarder(system, nodeId, membership.CountForwardedCancel);
        foreach (var (id, address) in _routes)
        {
            forwarder.SetNode(id, address);
        }
        context.Services.CancelKeys.AssignNodeIndex(nodeId);
        membership.SetNodeId(nodeId);
        _forwarder = forwarder;
        context.Services.CancelForwarder = forwarder;
    }

    public void RoutesChanged(IReadOnlyDictionary<int, Address> others)
    {
        if (_forwarder is { } forwarder)
        {
            foreach (var id in _routes.Keys)
            {
                if (!others.ContainsKey(id))
                {
                    forwarder.RemoveNode(id);
                }
            }
            foreach (var (id, address) in others)
            {
                forwarder.SetNode(id, address);
            }
        }
        _routes = others;
        context.Membership.SetCancelRoutes(others.Count);
    }
}
