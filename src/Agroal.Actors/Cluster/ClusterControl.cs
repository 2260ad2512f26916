using Akka.Actor;
using Akka.Hosting;

namespace Agroal.Actors.Cluster;

/// <summary>What the management commands do with the cluster: read the member view, ask a member to leave, down one.</summary>
public sealed class ClusterControl
{
    private readonly ActorSystem _system;

    public ClusterControl(ActorSystem system, ClusterMembership membership)
    {
        _system = system;
        Membership = membership;
    }

    public ClusterMembership Membership { get; }

    /// <summary>
    /// This node's <see cref="PrimaryViewFollower"/> when cluster failover runs (switch-to and clear server then act on
    /// every node through it); null without failover, where they act on this node's pool only.
    /// </summary>
    public IActorRef? PrimaryViewFollower =>
        ActorRegistry.For(_system).TryGet<PrimaryViewFollower>(out var follower) ? follower : null;

    /// <summary>A graceful leave: the member hands over and is removed; null when asked, else why not.</summary>
    public string? Leave(string address) => Act(address, static (cluster, member) => cluster.Leave(member));

    /// <summary>Marks the member Down (it stops serving when it learns it); null when asked, else why not.</summary>
    public string? Down(string address) => Act(address, static (cluster, member) => cluster.Down(member));

    private string? Act(string address, Action<Akka.Cluster.Cluster, Address> action)
    {
        if (Resolve(address) is not { } member)
        {
            var known = new List<string>();
            foreach (var entry in Membership.View.Members)
            {
                known.Add(entry.Address);
            }
            return $"\"{address}\" is not a member (members: {string.Join(", ", known)})";
        }
        action(Akka.Cluster.Cluster.Get(_system), Address.Parse(member));
        return null;
    }

    /// <summary>The full address of the member written as its full address or as host:port.</summary>
    private string? Resolve(string address)
    {
        var wanted = address.Trim();
        foreach (var member in Membership.View.Members)
        {
            if (member.Address == wanted || member.Address.EndsWith("@" + wanted, StringComparison.Ordinal))
            {
                return member.Address;
            }
        }
        return null;
    }
}
