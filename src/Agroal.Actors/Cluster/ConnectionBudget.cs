using Akka.Actor;

namespace Agroal.Actors.Cluster;

/// <summary>The cluster-wide connection budget: this node's share, followed from the membership and told to /pool.</summary>
public static class ConnectionBudget
{
    public static void Start(ActorSystem system, ClusterContext context)
    {
        var membership = context.Membership;
        system.ActorOf(ConnectionBudgetActor.Props(context.Pool, context.PoolOptions.MaxConnections, context.PoolOptions.RuleMaxSizes,
            cap => membership.SetBudgetShare(cap.MaxConnections)), "connection-budget");
    }
}
