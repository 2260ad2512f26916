using Agroal.Actors.Clients;
using Akka.Actor;
using Agroal.Actors.Logging;
using Agroal.Actors.Pool;
using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>Where the exporter reads from: the pooler's registry, counters written elsewhere, the pool's status, the actor system.</summary>
public sealed record MetricsSources
{
    public required ActorSystem System { get; init; }

    /// <summary>The registry the pool and client counters live in; the exporter adds its families and exports it whole.</summary>
    public required CollectorRegistry Registry { get; init; }

    /// <summary>The pool manager: asked for <see cref="PoolProtocol.GetStatus"/> and <see cref="PoolProtocol.GetServers"/> once per scrape.</summary>
    public required IActorRef Pool { get; init; }

    public required PoolCounters PoolCounters { get; init; }

    /// <summary>Client counters, the live pipeline and the graceful-shutdown flag.</summary>
    public required PoolerServices Services { get; init; }

    public required int MaxConnections { get; init; }

    public required IReadOnlyList<ServerEndpoint> Servers { get; init; }

    /// <summary>Null when the process has no counting log provider (tests): the logging gauges read 0.</summary>
    public LogCounters? LogCounters { get; init; }

    /// <summary>This node's view of the cluster; null in standalone mode (no agroal_cluster_* families).</summary>
    public Cluster.ClusterMembership? Cluster { get; init; }

    /// <summary>Actors whose mailbox depth is exported, by label.</summary>
    public IReadOnlyList<KeyValuePair<string, IActorRef>> WatchedActors { get; init; } = [];

    /// <summary>How long a scrape waits for the pool's status before it keeps the per-slot families as they were.</summary>
    public TimeSpan StatusTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Export GC, thread pool and allocation figures (the System.Runtime meter through prometheus-net's MeterAdapter).</summary>
    public bool RuntimeFigures { get; init; } = true;
}
