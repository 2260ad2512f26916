using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Kernel;
using Agroal.Actors.Logging;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Metrics;

/// <summary>Where the exporter reads from: counters written elsewhere with Interlocked, the pool's status, the actor system.</summary>
public sealed record MetricsSources
{
    public required ActorSystem System { get; init; }

    /// <summary>The pool manager: asked for <see cref="PoolProtocol.GetStatus"/> once per scrape.</summary>
    public required IActorRef Pool { get; init; }

    public required PoolCounters PoolCounters { get; init; }

    /// <summary>Client counters, the live pipeline and the graceful-shutdown flag.</summary>
    public required PoolerServices Services { get; init; }

    public required int MaxConnections { get; init; }

    public required IReadOnlyList<ServerEndpoint> Servers { get; init; }

    /// <summary>The pgagroal_databases.conf rules, for pgagroal_limit.</summary>
    public LimitTable Limits { get; init; } = LimitTable.Empty;

    /// <summary>Null when the process has no counting log provider (tests): the logging gauges read 0.</summary>
    public LogCounters? LogCounters { get; init; }

    /// <summary>Actors whose mailbox depth is exported, by label.</summary>
    public IReadOnlyList<KeyValuePair<string, IActorRef>> WatchedActors { get; init; } = [];

    /// <summary>How long a scrape waits for the pool's status before it leaves the per-slot families out.</summary>
    public TimeSpan StatusTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
