using Agroal.Actors.Clients;
using Akka.Actor;

namespace Agroal.Actors.Hosting;

/// <summary>
/// The references Akka.Hosting's start-up produced, handed to what the host builds later (the listener's target,
/// the server object). Reading one before the actor system started is a wiring bug and says so.
/// </summary>
internal sealed class StartedActors
{
    private IActorRef? _pool;
    private IActorRef? _clients;
    private PoolerServices? _services;

    public IActorRef Pool => _pool ?? throw NotStarted();

    public IActorRef Clients => _clients ?? throw NotStarted();

    public PoolerServices Services => _services ?? throw NotStarted();

    /// <summary>Set in cluster mode only.</summary>
    public Cluster.ClusterMembership? ClusterMembership { get; set; }

    /// <summary>Cluster mode only: the failover keys this node's coordinator reads (a reload replaces them).</summary>
    public Cluster.ClusterFailoverOptions? ClusterFailoverOptions { get; set; }

    public void Started(IActorRef pool, IActorRef clients, PoolerServices services)
    {
        _pool = pool;
        _clients = clients;
        _services = services;
    }

    private static InvalidOperationException NotStarted() =>
        new("the actor system has not started its actors yet: Akka.Hosting must be registered before the listener");
}
