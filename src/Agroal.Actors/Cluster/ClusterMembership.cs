namespace Agroal.Actors.Cluster;

/// <summary>
/// This node's cluster state shared outside the actor system: the latest <see cref="ClusterMembersView"/> and
/// whether this node was taken out of the cluster (downed or removed), after which it serves nobody.
/// </summary>
public sealed class ClusterMembership
{
    private ClusterMembersView _view;
    private volatile bool _outOfCluster;

    public ClusterMembership(string selfAddress)
    {
        _view = ClusterMembersView.Starting(selfAddress);
    }

    public ClusterMembersView View => Volatile.Read(ref _view);

    /// <summary>True once this node was downed or removed: it refuses clients until it is restarted.</summary>
    public bool OutOfCluster => _outOfCluster;

    internal void Publish(ClusterMembersView view) => Volatile.Write(ref _view, view);

    internal void MarkOutOfCluster() => _outOfCluster = true;
}
