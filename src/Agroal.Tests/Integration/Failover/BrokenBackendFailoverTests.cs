using Agroal.Actors.Clients;
using Akka.Actor;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Failover;

/// <summary>pgagroal's second trigger: a session's backend on the primary breaks, and the primary no longer answers.</summary>
public sealed class BrokenBackendFailoverTests
{
    [Fact]
    public async Task A_session_losing_its_backend_on_a_dead_primary_starts_one_failover_without_a_new_login()
    {
        await using var primary = await PostgresServer.StartAsync(new PostgresServerOptions { MaxConnections = 20 });
        using var scripts = TempDirectory.Create();
        var calls = scripts.Combine("calls");
        var script = scripts.Combine("failover.sh");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\necho \"$@\" >> {calls}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var standbyPort = FreePort.Get();
        await using var pooler = await PoolerHarness.StartAsync(primary, PipelineKind.Session, s => s with
        {
            ConfigurePool = o => o with
            {
                Servers = [new ServerEndpoint("primary", primary.Host, primary.Port, PrimaryHint: true), new ServerEndpoint("standby", "127.0.0.1", standbyPort, PrimaryHint: false)],
                Failover = true,
                FailoverScript = script,
                FailoverScriptTimeout = TimeSpan.FromSeconds(30),
                HealthCheckTimeout = TimeSpan.FromSeconds(2),
            },
        });
        await using var held = await pooler.OpenAsync();
        await using (var command = new NpgsqlCommand("SELECT 1", held))
        {
            await command.ExecuteScalarAsync();
        }
        await Eventually.TrueAsync(async () => (await Servers(pooler)).List[0].State == ServerState.Primary, "the primary's role is known");

        // No client logs in after this: only the held session's broken backend can start the failover.
        await primary.StopAsync(immediate: true);

        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(calls)), "the failover script ran", seconds: 30);
        await Eventually.TrueAsync(async () => (await Servers(pooler)).List[1].State == ServerState.Primary, "the standby is the primary");
        Assert.Equal([$"127.0.0.1 {primary.Port} 127.0.0.1 {standbyPort}"], await File.ReadAllLinesAsync(calls));
        Assert.Equal(ServerState.Failed, (await Servers(pooler)).List[0].State);
    }

    private static Task<PoolProtocol.Servers> Servers(PoolerHarness pooler) =>
        pooler.Server.Pool.Ask<PoolProtocol.Servers>(PoolProtocol.GetServers.Instance, TimeSpan.FromSeconds(5));
}
