using Agroal.Actors.Clients;
using Akka.Actor;
using Agroal.Actors.Metrics;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Failover;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Metrics;

/// <summary>The per-server families from a real primary and its streaming replica, and from the primary being killed.</summary>
public sealed class ServerFamiliesTests
{
    [Fact]
    public async Task Health_version_and_streaming_come_from_the_health_check_and_a_killed_server_shows_as_failed_with_its_errors()
    {
        await using var primary = await PostgresServer.StartAsync(StreamingReplica.PrimaryOptions(maxConnections: 30));
        await using var replica = await StreamingReplica.StartAsync(primary);
        await using var pooler = await MetricsHarness.StartAsync(primary, pipeline: PipelineKind.Session, pooler: s => s with
        {
            BlockingTimeout = TimeSpan.FromSeconds(2),
            ConfigurePool = o => o with
            {
                Servers = [new ServerEndpoint("primary", primary.Host, primary.Port, PrimaryHint: true), new ServerEndpoint("replica", "127.0.0.1", replica.Port, PrimaryHint: false)],
                HealthCheck = true,
                HealthCheckPeriod = TimeSpan.FromSeconds(2),
                HealthCheckTimeout = TimeSpan.FromSeconds(2),
                HealthCheckUser = primary.User,
            },
        }, configure: m => m with { HealthCheckAuthenticates = true });
        await pooler.RunOneSessionAsync();

        await pooler.ScrapeUntilAsync("pgagroal_server_streaming{name=\"replica\"}", 1);
        // Each server's first health check lands on its own: the primary reads 2 (unknown) until its probe has
        // answered, even once the replica's has (the primary's streaming -1 comes from its role, not its probe).
        var body = await pooler.ScrapeUntilAsync("pgagroal_server_health{server=\"primary\",auth=\"true\"}", 1);
        Assert.Equal(-1, Exposition.Value(body, "pgagroal_server_streaming{name=\"primary\"}"));
        Assert.Equal(15, Exposition.Value(body, "pgagroal_server_version{server=\"primary\"}"));
        Assert.Equal(15, Exposition.Value(body, "pgagroal_server_version{server=\"replica\"}"));
        Assert.Equal(1, Exposition.Value(body, "pgagroal_server_health{server=\"primary\",auth=\"true\"}"));
        Assert.Equal(1, Exposition.Value(body, "pgagroal_server_health{server=\"replica\",auth=\"true\"}"));
        Assert.Equal(0, Exposition.Value(body, "pgagroal_failed_servers"));
        Assert.Equal(0, Exposition.Value(body, "pgagroal_server_error{name=\"primary\",state=\"primary\"}"));

        // No idle backend left: the next client makes the pool dial.
        await pooler.Server.Pool.Ask<PoolProtocol.Done>(new PoolProtocol.Flush(FlushMode.Idle, null), TimeSpan.FromSeconds(10));
        await pooler.ScrapeUntilAsync("pgagroal_total_connections", 0);
        await primary.StopAsync(immediate: true);
        // A client's dial to the dead primary fails and is that server's error, and marks it down (health_check is on).
        try
        {
            await pooler.RunOneSessionAsync();
        }
        catch (Npgsql.NpgsqlException)
        {
            // Refused or served by the replica: either way the dial to the primary failed first.
        }
        await Eventually.TrueAsync(async () => Exposition.Value(body = await pooler.ScrapeAsync(), "pgagroal_server_error{name=\"primary\",state=\"primary\"}") >= 1,
            "the failed dial is the primary's error");
        body = await pooler.ScrapeUntilAsync("pgagroal_server_health{server=\"primary\",auth=\"true\"}", 0);
        Assert.Equal(1, Exposition.Value(body, "pgagroal_failed_servers"));
        Assert.Equal(0, Exposition.Value(body, "pgagroal_server_error{name=\"replica\",state=\"replica\"}")
            ?? Exposition.Value(body, "pgagroal_server_error{name=\"replica\",state=\"not_init\"}"));
        Assert.Equal(1, Exposition.Value(body, "pgagroal_server_health{server=\"replica\",auth=\"true\"}"));
    }
}
