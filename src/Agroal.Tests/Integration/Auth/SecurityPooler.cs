using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Hosting;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.AuthQuery;
using Agroal.Actors.Security.Authentication;
using Agroal.Actors.Security.Tls;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Auth;

/// <summary>What a security test varies in the in-process pooler.</summary>
public sealed record SecurityPoolerOptions
{
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    public bool AllowUnknownUsers { get; init; } = true;

    public SuperuserCredential? Superuser { get; init; }

    public bool AuthQuery { get; init; }

    public ClientTlsContext? ClientTls { get; init; }

    public BackendTlsContext? BackendTls { get; init; }

    public ChannelBindingMode ChannelBinding { get; init; } = ChannelBindingMode.Prefer;

    public IAccessPolicy Access { get; init; } = new StaticAccessPolicy(HbaMethod.ScramSha256);

    public int MaxConnections { get; init; } = 4;
}

/// <summary>An in-process pooler in front of the security fixture's PostgreSQL.</summary>
public sealed class SecurityPooler : IAsyncDisposable
{
    private readonly PoolerHarness _pooler;

    private SecurityPooler(PoolerHarness pooler)
    {
        _pooler = pooler;
    }

    public AgroalServer Server => _pooler.Server;

    public PostgresServer Postgres => _pooler.Postgres;

    public int Port => Server.Port;

    public static async Task<SecurityPooler> StartAsync(PostgresServer postgres, SecurityPoolerOptions options)
    {
        var pooler = await PoolerHarness.StartAsync(postgres, PipelineKind.Session, s => s with
        {
            MaxConnections = options.MaxConnections,
            Users = options.Users,
            Superuser = options.Superuser,
            AllowUnknownUsers = options.AllowUnknownUsers,
            Access = options.Access,
            Server = new ServerEndpoint("primary", postgres.Host, postgres.Port, PrimaryHint: true) { Tls = options.BackendTls, ChannelBinding = options.ChannelBinding },
            ConfigureClients = clients => clients with { AuthQuery = options.AuthQuery, Tls = options.ClientTls },
        });
        return new SecurityPooler(pooler);
    }

    public NpgsqlConnectionStringBuilder Builder(string user, string password) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = user,
        Password = password,
        Database = Postgres.Database,
        Pooling = false,
        SslMode = SslMode.Disable,
        Timeout = 15,
    };

    public async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder builder)
    {
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public Task<NpgsqlConnection> OpenAsync(string user, string password) => OpenAsync(Builder(user, password));

    public Task<PoolProtocol.Status> StatusAsync() => _pooler.StatusAsync();

    /// <summary>Waits until no slot is leased: a closed client's backend is back (or gone).</summary>
    public Task IdleAsync() => Eventually.TrueAsync(async () => (await StatusAsync()).Active == 0, "no backend in use");

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _pooler.DisposeAsync();
}
