using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Hosting;
using Agroal.Actors.Metrics;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Credentials;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Metrics;

/// <summary>An in-process pooler with its metrics endpoint on a free loopback port, in front of the test PostgreSQL.</summary>
public sealed class MetricsHarness : IAsyncDisposable
{
    private MetricsHarness(AgroalServer server, PostgresServer postgres)
    {
        Server = server;
        Postgres = postgres;
    }

    public AgroalServer Server { get; }

    public PostgresServer Postgres { get; }

    public MetricsEndpoint Endpoint => Server.Metrics ?? throw new InvalidOperationException("metrics are off");

    public string BaseUrl => $"{(Endpoint.IsHttps ? "https" : "http")}://127.0.0.1:{Endpoint.Port}";

    public static async Task<MetricsHarness> StartAsync(PostgresServer postgres, Func<MetricsSettings, MetricsSettings>? configure = null,
        int maxConnections = 4)
    {
        var credentials = new CredentialStore(new Dictionary<string, string> { [postgres.User] = postgres.Password }, new Dictionary<string, string>());
        var metrics = new MetricsSettings { Host = "127.0.0.1", Port = 0 };
        var server = await AgroalServer.StartAsync(new AgroalServerSettings
        {
            Host = "127.0.0.1",
            Port = 0,
            Pool = new PoolOptions
            {
                MaxConnections = maxConnections,
                BlockingTimeout = TimeSpan.FromSeconds(10),
                Servers = [new ServerEndpoint("primary", postgres.Host, postgres.Port, PrimaryHint: true)],
                BackendPassword = credentials.BackendPassword,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            },
            Clients = new ClientSessionOptions { Pipeline = PipelineKind.Session },
            Access = new StaticAccessPolicy(HbaMethod.ScramSha256),
            Credentials = credentials,
            Metrics = configure is null ? metrics : configure(metrics),
        }, TestLogging.Factory);
        return new MetricsHarness(server, postgres);
    }

    /// <summary>One whole client session: connect, one query, disconnect.</summary>
    public async Task RunOneSessionAsync(string applicationName = "metrics-test")
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Server.Port,
            Username = Postgres.User,
            Password = Postgres.Password,
            Database = Postgres.Database,
            ApplicationName = applicationName,
            Pooling = false,
            SslMode = SslMode.Disable,
            Timeout = 15,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
