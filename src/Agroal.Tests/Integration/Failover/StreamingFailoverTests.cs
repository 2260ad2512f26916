using System.Diagnostics;
using Agroal.Actors.Clients;
using Akka.Actor;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Failover;

/// <summary>A real primary and a real streaming replica of their own, so that killing the primary disturbs no other test.</summary>
public sealed class StreamingFailoverTests
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task When_the_primary_dies_the_script_promotes_the_replica_exactly_once_and_reconnecting_clients_write_to_it()
    {
        await using var primary = await PostgresServer.StartAsync(StreamingReplica.PrimaryOptions(maxConnections: 50));
        await using var replica = await StreamingReplica.StartAsync(primary);
        using var scripts = TempDirectory.Create();
        var calls = scripts.Combine("calls");
        var script = scripts.Combine("failover.sh");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\necho \"$@\" >> {calls}\necho promoting\nexec {replica.PromoteCommand}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        await using var pooler = await PoolerHarness.StartAsync(primary, PipelineKind.Session, s => s with
        {
            ConfigurePool = o => o with
            {
                Servers = [new ServerEndpoint("primary", primary.Host, primary.Port, PrimaryHint: true), new ServerEndpoint("replica", "127.0.0.1", replica.Port, PrimaryHint: false)],
                Failover = true,
                FailoverScript = script,
                FailoverScriptTimeout = TimeSpan.FromSeconds(60),
            },
        });

        await using (var before = await pooler.OpenAsync())
        {
            await Execute(before, "CREATE TABLE failover_probe(v int); INSERT INTO failover_probe VALUES (1)");
        }
        var replicaConnection = new NpgsqlConnectionStringBuilder(primary.ConnectionString()) { Port = replica.Port }.ConnectionString;
        await Eventually.TrueAsync(async () => await ReplicaHasTable(replicaConnection), "the replica replayed the table");
        Assert.Equal(ServerState.Primary, (await Servers(pooler)).List[0].State);

        await primary.StopAsync(immediate: true);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var after = await pooler.OpenAsync();
                await Execute(after, "INSERT INTO failover_probe VALUES (2)");
                break;
            }
            catch (NpgsqlException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal([$"127.0.0.1 {primary.Port} 127.0.0.1 {replica.Port}"], await File.ReadAllLinesAsync(calls));
        var servers = (await Servers(pooler)).List;
        Assert.Equal((ServerState.Failed, ServerState.Primary), (servers[0].State, servers[1].State));
        await using var direct = new NpgsqlConnection(replicaConnection);
        await direct.OpenAsync();
        await using var check = new NpgsqlCommand("SELECT NOT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM failover_probe WHERE v = 2)", direct);
        Assert.True((bool)(await check.ExecuteScalarAsync())!);
    }

    private static Task<PoolProtocol.Servers> Servers(PoolerHarness pooler) =>
        pooler.Server.Pool.Ask<PoolProtocol.Servers>(PoolProtocol.GetServers.Instance, Reply);

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<bool> ReplicaHasTable(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass('failover_probe') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
