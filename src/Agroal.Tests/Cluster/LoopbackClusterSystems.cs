using Akka.Actor;
using Akka.Configuration;

namespace Agroal.Tests.Cluster;

/// <summary>Actor systems with the cluster provider on 127.0.0.1 and a free port, with short timings for in-process tests.</summary>
internal static class LoopbackClusterSystems
{
    private const string Hocon = """
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.gossip-interval = 200ms
        akka.cluster.leader-actions-interval = 200ms
        akka.cluster.periodic-tasks-initial-delay = 100ms
        akka.cluster.min-nr-of-members = 1
        akka.cluster.down-removal-margin = off
        akka.cluster.singleton.hand-over-retry-interval = 200ms
        akka.cluster.singleton-proxy.singleton-identification-interval = 200ms
        akka.coordinated-shutdown.exit-clr = off
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        """;

    public static ActorSystem Start(string name = "agroal") => ActorSystem.Create(name, ConfigurationFactory.ParseString(Hocon));
}
