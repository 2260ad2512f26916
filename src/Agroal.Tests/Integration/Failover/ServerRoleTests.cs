using Agroal.Actors.Clients;
using Akka.Actor;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Failover;

/// <summary>What the pool learns about real servers: roles from pg_is_in_recovery(), health from real logins.</summary>
public sealed class ServerRoleTests
{
    [Fact]
    public async Task A_streaming_replica_is_detected_as_replica_on_its_first_login()
    {
        await using var primary = await PostgresServer.StartAsync(StreamingReplica.PrimaryOptions(maxConnections: 30));
        await using var replica = await StreamingReplica.StartAsync(primary);
        await using var pooler = await PoolerHarness.StartAsync(primary, PipelineKind.Session, s => s with
        {
            ConfigurePool = o => o with { Servers = [new ServerEndpoint("replica", "127.0.0.1", replica.Port, PrimaryHint: false)] },
        });

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var connection = await pooler.OpenAsync();
                return true;
            }
            catch (Npgsql.NpgsqlException)
            {
                // The replica may still be catching up with the role the fixture created.
                return false;
            }
        }, "a login through the replica", seconds: 30);

        Assert.Equal(ServerState.Replica, (await Servers(pooler)).List[0].State);
    }

    [Fact]
    public async Task The_health_check_logs_in_as_health_check_user_and_marks_a_stopped_server_down_then_up_again()
    {
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions { MaxConnections = 20 });
        await using var pooler = await PoolerHarness.StartAsync(postgres, PipelineKind.Session, s => s with
        {
            ConfigurePool = o => o with
            {
                HealthCheck = true,
                HealthCheckPeriod = TimeSpan.FromMilliseconds(200),
                HealthCheckTimeout = TimeSpan.FromSeconds(2),
                HealthCheckUser = postgres.User,
            },
        });
        // No client connects: new sessions in the database can only be the probes' logins.
        var before = await ProbeSessionsSeen(postgres);
        await Eventually.TrueAsync(async () => await ProbeSessionsSeen(postgres) >= before + 2, "probes logged in as the health check user");
        Assert.False((await Servers(pooler)).List[0].Down);

        await postgres.StopAsync(immediate: true);
        await Eventually.TrueAsync(async () => (await Servers(pooler)).List[0].Down, "marked down after failed probes");

        await postgres.StartAgainAsync();
        await Eventually.TrueAsync(async () => !(await Servers(pooler)).List[0].Down, "up again once a probe logs in", seconds: 30);
    }

    /// <summary>Sessions of the health check user, seen through PostgreSQL's own statistics.</summary>
    private static async Task<long> ProbeSessionsSeen(PostgresServer postgres) =>
        long.Parse(await postgres.ExecuteScalarAsync($"SELECT sessions FROM pg_stat_database WHERE datname = '{postgres.Database}'"),
            System.Globalization.CultureInfo.InvariantCulture);

    private static Task<PoolProtocol.Servers> Servers(PoolerHarness pooler) =>
        pooler.Server.Pool.Ask<PoolProtocol.Servers>(PoolProtocol.GetServers.Instance, TimeSpan.FromSeconds(5));
}
