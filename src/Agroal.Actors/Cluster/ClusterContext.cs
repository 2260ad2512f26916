using Agroal.Actors.Clients;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>What the cluster actors of this node may use: the running pooler's parts, handed over once /pool and /clients exist.</summary>
/// <param name="Settings">This node's cluster keys.</param>
/// <param name="Pool">/pool.</param>
/// <param name="Clients">/clients.</param>
/// <param name="Services">The pooler's shared services (cancel keys, refusal of new clients, options).</param>
/// <param name="PoolOptions">The pool's options at start.</param>
/// <param name="Membership">The membership view the <see cref="ClusterNodeActor"/> keeps.</param>
/// <param name="MetricRegistry">The pooler's prometheus-net registry.</param>
public sealed record ClusterContext(
    ClusterSettings Settings,
    IActorRef Pool,
    IActorRef Clients,
    PoolerServices Services,
    PoolOptions PoolOptions,
    ClusterMembership Membership,
    Prometheus.CollectorRegistry MetricRegistry,
    ILoggerFactory LoggerFactory,
    TimeProvider Clock)
{
    /// <summary>The pool's lifecycle: the node asks the process to exit once it has left the cluster gracefully.</summary>
    public PoolLifecycle? Lifecycle { get; init; }

    /// <summary>The pool's backend connector: the failover coordinator's probes log in through it (with the servers' TLS settings).</summary>
    public BackendConnector? Connector { get; init; }

    /// <summary>The failover keys the coordinator reads on this node, replaced on reload; null: the start's <see cref="PoolOptions"/> for good.</summary>
    public ClusterFailoverOptions? FailoverOptions { get; init; }
}
