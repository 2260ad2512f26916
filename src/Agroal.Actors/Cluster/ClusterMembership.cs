namespace Agroal.Actors.Cluster;

/// <summary>
/// This node's cluster state shared outside the actor system: the latest <see cref="ClusterMembersView"/> and
/// whether this node was taken out of the cluster (downed or removed), after which it serves nobody.
/// </summary>
public sealed class ClusterMembership
{
    private ClusterMembersView _view;
    private volatile bool _outOfCluster;
    private int _nodeId;
    private int _cancelRoutes;
    private long _forwardedCancels;
    private BudgetShareView? _budget;

    public ClusterMembership(string selfAddress)
    {
        _view = ClusterMembersView.Starting(selfAddress);
    }

    public ClusterMembersView View => Volatile.Read(ref _view);

    /// <summary>The failovers the coordinator carried out while it ran on this node, by outcome.</summary>
    public FailoverRunCounts FailoverRuns { get; } = new();

    /// <summary>True once this node was downed or removed: it refuses clients until it is restarted.</summary>
    public bool OutOfCluster => _outOfCluster;

    /// <summary>The id the node-id allocator gave this node (carried in its cancel keys); 0 until confirmed.</summary>
    public int NodeId => Volatile.Read(ref _nodeId);

    /// <summary>How many other nodes this node can forward a cancel to (their ids are known).</summary>
    public int CancelRoutes => Volatile.Read(ref _cancelRoutes);

    /// <summary>CancelRequests this node received for keys another node issued and sent on to that node.</summary>
    public long ForwardedCancels => Interlocked.Read(ref _forwardedCancels);

    /// <summary>This node's share of max_connections as last told to the pool; -1 before the first.</summary>
    public int BudgetShare => Budget?.MaxConnectionsShare ?? -1;

    /// <summary>This node's share of every budget as last told to the pool; null before the first.</summary>
    public BudgetShareView? Budget => Volatile.Read(ref _budget);

    internal void SetBudget(BudgetShareView budget) => Volatile.Write(ref _budget, budget);

    internal void SetNodeId(int nodeId) => Volatile.Write(ref _nodeId, nodeId);

    internal void SetCancelRoutes(int routes) => Volatile.Write(ref _cancelRoutes, routes);

    internal void CountForwardedCancel() => Interlocked.Increment(ref _forwardedCancels);

    internal void Publish(ClusterMembersView view) => Volatile.Write(ref _view, view);

    internal void MarkOutOfCluster() => _outOfCluster = true;
}
