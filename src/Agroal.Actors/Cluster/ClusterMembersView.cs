namespace Agroal.Actors.Cluster;

/// <summary>
/// The membership as this node last saw it: an immutable snapshot the <see cref="ClusterNodeActor"/> replaces on
/// every membership, reachability or leader event, read by the management API and the metrics without a message.
/// </summary>
/// <param name="SelfAddress">This node's address.</param>
/// <param name="SelfStatus">This node's own status (Down or Removed once it was downed).</param>
/// <param name="Leader">The leader's address, "" when there is none.</param>
/// <param name="Oldest">The oldest Up (or Leaving) member: where the cluster singletons (the failover coordinator) run; "" when none is Up.</param>
public sealed record ClusterMembersView(string SelfAddress, string SelfStatus, string Leader, string Oldest, IReadOnlyList<ClusterMemberEntry> Members)
{
    public static ClusterMembersView Starting(string selfAddress) => new(selfAddress, "Joining", "", "", []);

    public int CountByStatus(string status)
    {
        var count = 0;
        foreach (var member in Members)
        {
            if (member.Status == status)
            {
                count++;
            }
        }
        return count;
    }

    public int UnreachableCount
    {
        get
        {
            var count = 0;
            foreach (var member in Members)
            {
                if (!member.Reachable)
                {
                    count++;
                }
            }
            return count;
        }
    }
}
