using Agroal.Actors.Failover;
using Agroal.Actors.Pool;
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
        // Clients wait at accept until this node knows the cluster's primary: a node that joins after a failover must not
        // send its first client to the old primary.
        var ready = new TaskCompletionSource<PrimaryView>(TaskCreationOptions.RunContinuationsAsynchronously);
        context.Listener?.HoldUntil(ready.Task);
        var readySignal = system.ActorOf(ActorProps.Of(() => new PrimaryViewReadySignal(ready)), "primary-view-ready");
        var follower = Start(system, context.Pool, connector, options, context.Settings.SelfAddress, context.LoggerFactory, readySignal);
        ActorRegistry.For(system).Register<PrimaryViewFollower>(follower);
        return follower;
    }

    public static IActorRef Start(ActorSystem system, IActorRef pool, BackendConnector connector, PoolOptions options, string node, ILoggerFactory loggers,
        IActorRef? readyListener = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var probe = new BackendFailoverProbe(connector, options.Servers, options.HealthCheckUser, options.BackendPassword(options.HealthCheckUser));
        var coordinatorLogger = loggers.CreateLogger("Agroal.Actors.Cluster.FailoverCoordinator");
        var script = new FailoverScriptProcess(new FailoverSettings(options.FailoverScript, options.FailoverNotifyScript, options.FailoverScriptTimeout),
            options.Servers, coordinatorLogger);
        var settings = FailoverCoordinatorSettings.Default;
        system.ActorOf(ClusterSingletonManager.Props(
            ActorProps.Of(() => new FailoverCoordinator(probe, script, settings, coordinatorLogger)),
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
