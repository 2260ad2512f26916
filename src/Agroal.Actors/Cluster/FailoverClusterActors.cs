using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Runtime;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Akka.Hosting;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>
/// Starts this node's share of cluster failover: the coordinator's singleton manager (the coordinator runs on the
/// oldest node), its proxy, and the <see cref="PrimaryViewFollower"/> that takes the pool's failover requests. In
/// cluster mode this replaces the local /failover actor, which must not be started (the pool keeps the last actor that
/// registered). The candidate's pg_is_in_recovery() needs a login: health_check_user (and its vault password).
/// </summary>
public static class FailoverClusterActors
{
    public const string CoordinatorName = "failover-coordinator";

    /// <summary>
    /// <see cref="ClusterServices"/>' call: starts cluster failover when failover = on with a failover_script, else nothing
    /// (null). Every node must agree: the singleton runs on the oldest node that starts its manager.
    /// </summary>
    public static IActorRef? StartWhenEnabled(ActorSystem system, ClusterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.PoolOptions;
        if (!options.Failover || options.FailoverScript.Length == 0)
        {
            return null;
        }
        var connector = context.Connector ?? throw new InvalidOperationException("cluster failover needs the pool's backend connector in the ClusterContext");
        // Logins wait until this node knows the cluster's primary: a node that joins after a failover must not send its
        // first client to the old primary. Only an Up node waits (the read starts at Up); before, logins get 57P03 at once.
        var ready = new TaskCompletionSource<PrimaryView>(TaskCreationOptions.RunContinuationsAsynchronously);
        context.Services.ClusterReady = ready.Task;
        var readySignal = system.ActorOf(ActorProps.Of(() => new PrimaryViewReadySignal(ready)), "primary-view-ready");
        var follower = Start(system, context.Pool, connector, context.FailoverOptions ?? new ClusterFailoverOptions(options), context.Settings.SelfAddress,
            context.LoggerFactory, readySignal, context.Membership.FailoverRuns);
        ActorRegistry.For(system).Register<PrimaryViewFollower>(follower);
        return follower;
    }

    /// <param name="failoverOptions">The keys the coordinator reads at each decision when it runs here (a reload replaces them).</param>
    /// <param name="runs">This node's counts of the failovers its coordinator carries out.</param>
    public static IActorRef Start(ActorSystem system, IActorRef pool, BackendConnector connector, ClusterFailoverOptions failoverOptions, string node,
        ILoggerFactory loggers, IActorRef? readyListener = null, FailoverRunCounts? runs = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(failoverOptions);
        ArgumentNullException.ThrowIfNull(loggers);
        var options = failoverOptions.Current;
        var probe = new ReloadableFailoverProbe(connector, failoverOptions);
        var coordinatorLogger = loggers.CreateLogger("Agroal.Actors.Cluster.FailoverCoordinator");
        var script = new ReloadableFailoverScript(failoverOptions, coordinatorLogger);
        var settings = FailoverCoordinatorSettings.Default;
        system.ActorOf(ClusterSingletonManager.Props(
            ActorProps.Of(() => new FailoverCoordinator(probe, script, settings, coordinatorLogger, runs)),
            PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), CoordinatorName);
        var proxy = system.ActorOf(ClusterSingletonProxy.Props($"/user/{CoordinatorName}", ClusterSingletonProxySettings.Create(system)),
            CoordinatorName + "-proxy");
        var followerLogger = loggers.CreateLogger("Agroal.Actors.Cluster.PrimaryView");
        var serverNames = new List<string>(options.Servers.Count);
        foreach (var server in options.Servers)
        {
            serverNames.Add(server.Name);
        }
        var followerSettings = PrimaryViewFollowerSettings.Default with { Servers = serverNames };
        return system.ActorOf(ActorProps.Of(() => new PrimaryViewFollower(pool, proxy, node, followerSettings, readyListener, followerLogger)), "primary-view");
    }
}
