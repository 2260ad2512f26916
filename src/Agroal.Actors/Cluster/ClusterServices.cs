using Agroal.Actors.Runtime;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace Agroal.Actors.Cluster;

/// <summary>
/// The one place cluster mode is wired into the process: <see cref="Configure"/> adds Akka.Cluster to the actor
/// system's builder, <see cref="Start"/> starts this node's cluster actors after /pool and /clients. Each cluster
/// concern adds its line to both lists; standalone mode calls neither.
/// </summary>
public static class ClusterServices
{
    /// <summary>Akka.Cluster through Akka.Cluster.Hosting; the node's HOCON (remoting, seeds, resolver) is already in the system's config.</summary>
    public static void Configure(AkkaConfigurationBuilder akka, ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(akka);
        ArgumentNullException.ThrowIfNull(settings);
        // Null options: the seeds and roles come from the HOCON (so the user's file can still change them); this adds
        // the cluster provider and the defaults of singletons, pub-sub and distributed data as fallbacks.
        akka.WithClustering();
    }

    /// <summary>This node's cluster actors, started by Akka.Hosting right after /pool and /clients.</summary>
    public static void Start(ActorSystem system, IActorRegistry registry, ClusterContext context)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(context);
        var node = system.ActorOf(ActorProps.Of(() => new ClusterNodeActor(context)), "cluster-node");
        registry.Register<ClusterNodeActor>(node);
        CancelRouting.Start(system, context);
        ConnectionBudget.Start(system, context);
        FailoverClusterActors.StartWhenEnabled(system, context);
    }
}
