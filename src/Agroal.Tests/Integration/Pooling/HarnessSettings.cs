using Agroal.Actors.Configuration;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Authentication;

namespace Agroal.Tests.Integration.Pooling;

public sealed record HarnessSettings
{
    public int MaxConnections { get; init; } = 10;

    /// <summary>The pooler's logging; null for <see cref="TestLogging.Factory"/>.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? Logging { get; init; }

    /// <summary>A HOCON file over the runtime's defaults, or null.</summary>
    public string? HoconFile { get; init; }

    /// <summary>The auth_query superuser (pgagroal_superuser.conf), or null.</summary>
    public Agroal.Actors.Security.AuthQuery.SuperuserCredential? Superuser { get; init; }

    /// <summary>The metrics endpoint, or null for none.</summary>
    public Agroal.Actors.Metrics.MetricsSettings? Metrics { get; init; }

    public TimeSpan BlockingTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public HbaMethod Method { get; init; } = HbaMethod.ScramSha256;

    public IAccessPolicy? Access { get; init; }

    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> FrontendUsers { get; init; } = new Dictionary<string, string>();

    public bool AllowUnknownUsers { get; init; }

    public int MaxMessageSize { get; init; } = 64 * 1024 * 1024;

    public ServerEndpoint? Server { get; init; }

    public Func<string, string, PoolLimit?> FindLimit { get; init; } = static (_, _) => null;

    /// <summary>Last word on the pool options (maintenance, failover, several servers, ...).</summary>
    public Func<PoolOptions, PoolOptions> ConfigurePool { get; init; } = static options => options;

    /// <summary>Last word on the client session options (aliases, ...).</summary>
    public Func<Agroal.Actors.Clients.ClientSessionOptions, Agroal.Actors.Clients.ClientSessionOptions> ConfigureClients { get; init; } = static options => options;

    public int MaxPreparedStatements { get; init; } = 200;

    public bool TrackPreparedStatements { get; init; }

    public bool ServerResetQueryAlways { get; init; }

    /// <summary>listen() backlog of the client listener.</summary>
    public int Backlog { get; init; } = 512;

    /// <summary>ev_backend: the epoll engine where the platform has it (the product's default), else .NET's.</summary>
    public bool UseEpollEngine { get; init; } = Agroal.Actors.Networking.Epoll.EpollEngine.IsSupported;

    /// <summary>pgagroal's host for the client listener (clients of the harness connect to 127.0.0.1 either way).</summary>
    public string Host { get; init; } = "127.0.0.1";
}
