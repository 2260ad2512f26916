using System.Text.Json.Nodes;
using Agroal.Actors.Cluster;
using Agroal.Actors.Management.Wire;

namespace Agroal.Actors.Management;

/// <summary>The Response of cluster members, and the node part of status details.</summary>
internal static class ClusterDocument
{
    public static void Fill(JsonObject response, ClusterMembership membership)
    {
        var view = membership.View;
        response[ManagementKeys.Self] = view.SelfAddress;
        response[ManagementKeys.Status] = SelfStatus(membership);
        response[ManagementKeys.Leader] = view.Leader;
        response[ManagementKeys.Coordinator] = view.Oldest;
        var members = new JsonArray();
        foreach (var member in view.Members)
        {
            members.Add(new JsonObject
            {
                [ManagementKeys.Address] = member.Address,
                [ManagementKeys.Status] = member.Status,
                [ManagementKeys.Roles] = member.Roles,
                [ManagementKeys.Reachable] = member.Reachable,
                [ManagementKeys.Leader] = member.Address == view.Leader,
                [ManagementKeys.Coordinator] = member.Address == view.Oldest,
            });
        }
        response[ManagementKeys.Members] = members;
        response[ManagementKeys.Budgets] = Budgets(membership.Budget);
    }

    /// <summary>This node's share of max_connections, then of each limits rule's max_size (empty before the first share).</summary>
    private static JsonArray Budgets(BudgetShareView? budget)
    {
        var budgets = new JsonArray();
        if (budget is null)
        {
            return budgets;
        }
        budgets.Add(Budget("max_connections", budget.MaxConnections, budget.MaxConnectionsShare));
        foreach (var rule in budget.Rules)
        {
            budgets.Add(Budget(rule.Rule, rule.MaxSize, rule.Share));
        }
        return budgets;
    }

    private static JsonObject Budget(string name, int total, int share) => new()
    {
        [ManagementKeys.Budget] = name,
        [ManagementKeys.Total] = total,
        [ManagementKeys.Share] = share,
    };

    public static JsonObject Node(ClusterMembership membership) => new()
    {
        [ManagementKeys.Address] = membership.View.SelfAddress,
        [ManagementKeys.Status] = SelfStatus(membership),
    };

    /// <summary>A downed or removed node says so even before gossip reaches it.</summary>
    private static string SelfStatus(ClusterMembership membership) =>
        membership.OutOfCluster && membership.View.SelfStatus is not ("Down" or "Removed") ? "Removed" : membership.View.SelfStatus;
}
