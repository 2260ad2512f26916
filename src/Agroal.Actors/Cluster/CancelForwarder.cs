using System.Collections.Concurrent;
using Akka.Actor;

namespace Agroal.Actors.Cluster;

/// <summary>
/// Routes a CancelRequest whose key another node issued to that node's <see cref="CancelForwardActor"/>, by the node
/// id the key carries in the upper bits of its process id (see <see cref="Clients.CancelKeyRegistry"/>). One message
/// to one node, by address: no broadcast. A node id no member holds (stale key, node gone) is dropped silently.
/// </summary>
public sealed class CancelForwarder
{
    private readonly ActorSystem _system;
    private readonly ConcurrentDictionary<int, Address> _nodes = new();
    private readonly Action? _forwarded;

    /// <param name="forwarded">Counts each cancel sent to another node (the forwarded-cancels metric).</param>
    public CancelForwarder(ActorSystem system, int selfNodeId, Action? forwarded = null)
    {
        _system = system;
        SelfNodeId = selfNodeId;
        _forwarded = forwarded;
    }

    public int SelfNodeId { get; }

    /// <summary>Records which member holds a node id (from the node-id allocator's table).</summary>
    public void SetNode(int nodeId, Address address) => _nodes[nodeId] = address;

    /// <summary>Forgets a node id whose member was removed: its keys are stale from then on.</summary>
    public void RemoveNode(int nodeId) => _nodes.TryRemove(nodeId, out _);

    /// <summary>True when the key belongs to another node and was sent there (or dropped as unknown); false: it is this node's.</summary>
    public bool TryForward(int processId, int secretKey)
    {
        var nodeId = Clients.CancelKeyRegistry.NodeIndexOf(processId);
        // Index 0: a key issued before this node (or its issuer) was given an id; only the issuer can know it, and a
        // client asks the node it is connected to, so it is delivered here.
        if (nodeId == SelfNodeId || nodeId == 0)
        {
            return false;
        }
        if (_nodes.TryGetValue(nodeId, out var address))
        {
            _system.ActorSelection(new RootActorPath(address) / "user" / CancelForwardActor.Name)
                .Tell(new CancelForwardRequest(processId, secretKey), ActorRefs.NoSender);
            _forwarded?.Invoke();
        }
        return true;
    }
}
