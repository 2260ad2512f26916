using Agroal.Actors.Clients;
using Agroal.Actors.Hosting;
using Akka.Actor;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Authentication;
using Agroal.Actors.Security.Credentials;
using Agroal.Tests.Integration.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>An in-process pooler in front of the shared test PostgreSQL, built from plain settings.</summary>
public sealed class PoolerHarness : IAsyncDisposable
{
    private PoolerHarness(AgroalServer server, PostgresServer postgres)
    {
        Server = server;
        Postgres = postgres;
    }

    public AgroalServer Server { get; }

    public PostgresServer Postgres { get; }

    public int Port => Server.Port;

    public static async Task<PoolerHarness> StartAsync(PostgresServer postgres, PipelineKind pipeline, Func<HarnessSettings, HarnessSettings>? configure = null)
    {
        var settings = new HarnessSettings
        {
            Users = new Dictionary<string, string> { [postgres.User] = postgres.Password },
        };
        if (configure is not null)
        {
            settings = configure(settings);
        }
        var credentials = new CredentialStore(settings.Users, settings.FrontendUsers) { Superuser = settings.Superuser };
        var server = await AgroalServer.StartAsync(new AgroalServerSettings
        {
            Host = settings.Host,
            Port = 0,
            Pool = settings.ConfigurePool(new PoolOptions
            {
                MaxConnections = settings.MaxConnections,
                BlockingTimeout = settings.BlockingTimeout,
                Servers = [settings.Server ?? new ServerEndpoint("primary", postgres.Host, postgres.Port, PrimaryHint: true)],
                BackendPassword = credentials.BackendPassword,
                FindLimit = settings.FindLimit,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            }),
            Clients = settings.ConfigureClients(new ClientSessionOptions
            {
                Pipeline = pipeline,
                AuthenticationTimeout = settings.AuthenticationTimeout,
                AllowUnknownUsers = settings.AllowUnknownUsers,
                MaxMessageSize = settings.MaxMessageSize,
                MaxPreparedStatements = settings.MaxPreparedStatements,
                TrackPreparedStatements = settings.TrackPreparedStatements,
                ServerResetQueryAlways = settings.ServerResetQueryAlways,
            }),
            Access = settings.Access ?? new StaticAccessPolicy(settings.Method),
            Credentials = credentials,
            Metrics = settings.Metrics,
            Backlog = settings.Backlog,
            UseEpollEngine = settings.UseEpollEngine,
            HoconFile = settings.HoconFile,
        }, settings.Logging ?? TestLogging.Factory).ConfigureAwait(false);
        return new PoolerHarness(server, postgres);
    }

    public string ConnectionString(string? user = null, string? password = null, string? database = null, string? extra = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = user ?? Postgres.User,
            Password = password ?? Postgres.Password,
            Database = database ?? Postgres.Database,
            Pooling = false,
            SslMode = SslMode.Disable,
            Timeout = 15,
            CommandTimeout = 60,
        };
        var text = builder.ConnectionString;
        return extra is null ? text : text + ";" + extra;
    }

    public async Task<NpgsqlConnection> OpenAsync(string? user = null, string? password = null, string? database = null, string? extra = null)
    {
        var connection = new NpgsqlConnection(ConnectionString(user, password, database, extra));
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    public async Task<PoolProtocol.Status> StatusAsync() =>
        await Server.Pool.Ask<PoolProtocol.Status>(PoolProtocol.GetStatus.Instance, TimeSpan.FromSeconds(5)).ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync().ConfigureAwait(false);
}
