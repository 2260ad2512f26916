using Agroal.Actors.Cluster;
using Agroal.Actors.Runtime;
using Agroal.Tests.Runtime;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Cluster;

/// <summary>
/// One in-process cluster node on a free loopback port: the coordinator's singleton manager and proxy, and (once
/// started) a <see cref="PrimaryViewFollower"/> whose pool is a probe. Short failure-detector, resolver and singleton
/// timings keep a hand-over within a few seconds.
/// </summary>
internal sealed class FailoverTestNode : IAsyncDisposable
{
    public const string SystemName = "agroal-failover-test";

    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.coordinated-shutdown.exit-clr = off
        akka.cluster.failure-detector.heartbeat-interval = 200ms
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 1s
        akka.cluster.failure-detector.threshold = 8
        akka.cluster.split-brain-resolver.stable-after = 2s
        akka.cluster.down-removal-margin = 0s
        akka.cluster.gossip-interval = 200ms
        akka.cluster.leader-actions-interval = 200ms
        akka.cluster.singleton.hand-over-retry-interval = 200ms
        akka.cluster.singleton-proxy.singleton-identification-interval = 200ms
        akka.cluster.distributed-data.gossip-interval = 200ms
        akka.cluster.distributed-data.notify-subscribers-interval = 100ms
        """);

    private FailoverTestNode(ActorSystem system, IActorRef coordinator, TestProbe pool)
    {
        System = system;
        Coordinator = coordinator;
        Pool = pool;
    }

    public ActorSystem System { get; }

    /// <summary>The singleton proxy: where this node's reports go.</summary>
    public IActorRef Coordinator { get; }

    /// <summary>Stands for /pool: receives RegisterFailover, SwitchTo and FailoverCompleted.</summary>
    public TestProbe Pool { get; }

    public IActorRef? Follower { get; private set; }

    public Akka.Actor.Address Address => Akka.Cluster.Cluster.Get(System).SelfAddress;

    /// <summary>Starts a node that joins <paramref name="seed"/> (itself when null) and waits until it is Up.</summary>
    public static async Task<FailoverTestNode> StartAsync(FakeFailoverWorld world, Akka.Actor.Address? seed) => await StartAsync(world, world, seed);

    /// <summary>A node whose coordinator uses these probes and this script.</summary>
    public static async Task<FailoverTestNode> StartAsync(IFailoverProbe probe, IFailoverScript script, Akka.Actor.Address? seed)
    {
        var system = ActorSystem.Create(SystemName, NodeConfig.WithFallback(ActorTestConfig.RealTime));
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(seed ?? cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var settings = new FailoverCoordinatorSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        system.ActorOf(ClusterSingletonManager.Props(
            ActorProps.Of(() => new FailoverCoordinator(probe, script, settings, NullLogger.Instance)),
            PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), "failover-coordinator");
        var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/failover-coordinator", ClusterSingletonProxySettings.Create(system)),
            "failover-coordinator-proxy");
        return new FailoverTestNode(system, proxy, ActorTestSystems.Probe(system, "pool"));
    }

    /// <summary>Starts this node's follower; <paramref name="readyListener"/> learns when the start-up read ended.</summary>
    public IActorRef StartFollower(IActorRef? readyListener = null)
    {
        var settings = new PrimaryViewFollowerSettings(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));
        var name = Address.ToString();
        Follower = System.ActorOf(ActorProps.Of(() => new PrimaryViewFollower(Pool.Ref, Coordinator, name, settings, readyListener, NullLogger.Instance)),
            "primary-view");
        return Follower;
    }

    public async ValueTask DisposeAsync() => await System.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
}
