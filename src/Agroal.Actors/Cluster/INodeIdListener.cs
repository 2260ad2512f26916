using Akka.Actor;

namespace Agroal.Actors.Cluster;

/// <summary>What a <see cref="NodeIdClient"/> tells its node: its id once confirmed, and the other members' ids.</summary>
public interface INodeIdListener
{
    /// <summary>The id this node holds from now on (called again only if the allocator ever had to change it).</summary>
    void Assigned(int nodeId);

    /// <summary>The other members' ids by id (this node's own entry left out).</summary>
    void RoutesChanged(IReadOnlyDictionary<int, Address> others);
}
