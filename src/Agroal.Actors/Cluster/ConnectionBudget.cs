using Akka.Actor;

namespace Agroal.Actors.Cluster;

/// <summary>
/// The cluster-wide connection budget: this node's share, followed from the membership and told to /pool. Until this
/// node is Up it has no share and refuses logins with a clear error instead of letting them wait.
/// </summary>
public static class ConnectionBudget
{
    public static void Start(ActorSystem system, ClusterContext context)
    {
        var membership = context.Membership;
        var services = context.Services;
        services.AwaitingClusterUp = true;
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => services.AwaitingClusterUp = false);
        system.ActorOf(ConnectionBudgetActor.Props(context.Pool, context.PoolOptions.MaxConnections, context.PoolOptions.RuleMaxSizes,
            membership.SetBudget, context.PoolOptions.RuleNames), "connection-budget");
    }
}
