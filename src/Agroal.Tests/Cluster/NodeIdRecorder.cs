using Agroal.Actors.Cluster;
using Akka.Actor;

namespace Agroal.Tests.Cluster;

/// <summary>Stands in for the pooler: records the id a node was confirmed and its routes to the others.</summary>
internal sealed class NodeIdRecorder : INodeIdListener
{
    private readonly Lock _gate = new();
    private readonly List<int> _assigned = [];
    private IReadOnlyDictionary<int, Address> _routes = new Dictionary<int, Address>();

    /// <summary>The current id, 0 before the first.</summary>
    public int NodeId
    {
        get
        {
            lock (_gate)
            {
                return _assigned.Count == 0 ? 0 : _assigned[^1];
            }
        }
    }

    /// <summary>Every id this node was ever told, in order (more than one: the id changed).</summary>
    public IReadOnlyList<int> Assignments
    {
        get
        {
            lock (_gate)
            {
                return [.. _assigned];
            }
        }
    }

    public IReadOnlyDictionary<int, Address> Routes
    {
        get
        {
            lock (_gate)
            {
                return _routes;
            }
        }
    }

    public void Assigned(int nodeId)
    {
        lock (_gate)
        {
            _assigned.Add(nodeId);
        }
    }

    public void RoutesChanged(IReadOnlyDictionary<int, Address> others)
    {
        lock (_gate)
        {
            _routes = others;
        }
    }
}
