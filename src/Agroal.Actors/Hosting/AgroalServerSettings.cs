using Agroal.Actors.Clients;
using Agroal.Actors.Logging;
using Agroal.Actors.Metrics;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Authentication;
using Agroal.Actors.Security.Credentials;

namespace Agroal.Actors.Hosting;

/// <summary>Everything a running pooler needs, already mapped from the configuration files.</summary>
public sealed record AgroalServerSettings
{
    /// <summary>Address to listen on: an IP address, a host name, or "*" for every interface.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port; 0 picks a free one (tests).</summary>
    public required int Port { get; init; }

    /// <summary>Directory of the Unix socket <c>.s.PGSQL.&lt;port&gt;</c>; null for none.</summary>
    public string? UnixSocketDirectory { get; init; }

    public required PoolOptions Pool { get; init; }

    public required ClientSessionOptions Clients { get; init; }

    public required IAccessPolicy Access { get; init; }

    public required CredentialStore Credentials { get; init; }

    public int NodeIndex { get; init; }

    public int Backlog { get; init; } = 512;

    /// <summary><c>ev_backend</c>: client and backend sockets on agroal's epoll loops, or on .NET's socket engine.</summary>
    public bool UseEpollEngine { get; init; } = Networking.Epoll.EpollEngine.IsSupported;

    /// <summary>The Prometheus endpoint; null leaves it off (metrics = 0).</summary>
    public MetricsSettings? Metrics { get; init; }

    /// <summary>A HOCON file laid over the runtime's defaults (hocon/agroal.conf); null for the defaults alone.</summary>
    public string? HoconFile { get; init; }

    /// <summary>This node's cluster keys; null in standalone mode (provider local, no remoting port).</summary>
    public Cluster.ClusterSettings? Cluster { get; init; }

    /// <summary>Log lines per level, for pgagroal_logging_*; null reads 0.</summary>
    public LogCounters? LogCounters { get; init; }
}
