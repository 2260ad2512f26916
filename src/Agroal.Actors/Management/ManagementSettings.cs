using Akka.Actor;
using Agroal.Actors.Management.Configuration;

namespace Agroal.Actors.Management;

/// <summary>What the <see cref="ManagementActor"/> works against. Everything but the pool is optional.</summary>
public sealed record ManagementSettings
{
    public required IActorRef Pool { get; init; }

    /// <summary>The configuration commands (conf ..., reload, and the server list of status); null answers them with an error.</summary>
    public IConfigurationControl? Configuration { get; init; }

    /// <summary>clear prometheus; null while the pooler runs without metrics.</summary>
    public IMetricsControl? Metrics { get; init; }

    /// <summary>Stops the process now (shutdown immediate); run after the reply has been written.</summary>
    public Action? ShutdownImmediately { get; init; }

    /// <summary>Whether the pool refuses new clients because a graceful shutdown (SIGUSR2 or the command) is under way.</summary>
    public Pool.PoolLifecycle? Lifecycle { get; init; }

    /// <summary>GET_PASSWORD: a frontend user's current (possibly rotated) password, null for anyone else.</summary>
    public Func<string, string?>? FrontendPassword { get; init; }

    /// <summary>cluster members / leave / down and the node in status details; null in standalone mode.</summary>
    public Cluster.ClusterControl? Cluster { get; init; }

    /// <summary>How long a command waits for the pool.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
