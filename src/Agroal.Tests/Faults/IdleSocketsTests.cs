using System.Collections.Concurrent;
using Agroal.Actors.Clients;
using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;
using Xunit.Abstractions;

namespace Agroal.Tests.Faults;

/// <summary>
/// FAULTS_IDLE_SOCKETS (the 10,000) idle client sockets held on the real <c>agroal</c> process, half logged in
/// and half silent inside authentication_timeout, while 50 working clients each get their own answers back.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class IdleSocketsTests(FaultPostgresFixture fixture, ITestOutputHelper output)
{
    private const int MaxConnections = 10;
    private const int WorkingClients = 50;
    private const int OpenBatch = 200;

    /// <summary>Descriptors beyond the idle sockets: working clients, backends, the runtime's own.</summary>
    private const int DescriptorHeadroom = 2048;

    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Ten_thousand_idle_sockets_beside_fifty_working_clients()
    {
        var count = FaultSettings.IdleSockets;
        var ownLimit = await DescriptorLimit.RaiseAsync(Environment.ProcessId, count + DescriptorHeadroom);
        Assert.True(ownLimit >= count + DescriptorHeadroom, $"the test process may open only {ownLimit} descriptors, {count + DescriptorHeadroom} needed");
        await using var pooler = await PoolerProcess.StartAsync(Postgres, "transaction", MaxConnections, openFiles: count + DescriptorHeadroom,
            extraMainLines: "authentication_timeout = 600\nblocking_timeout = 60\nbacklog = 4096\n");
        Assert.True(DescriptorLimit.Read(pooler.ProcessId).Soft >= count + DescriptorHeadroom, "agroal's descriptor limit was not raised");
        var idle = new List<WireClient>(count);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < count; i += OpenBatch)
            {
                idle.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(OpenBatch, count - i)).Select(_ => WireClient.OpenAsync(pooler.Port))));
            }
            // Half of them log in and stay idle (in the transaction pipeline they hold no backend), half stay silent.
            var startup = WireClient.Startup(Postgres.User, Postgres.Database);
            for (var i = 0; i < count; i += 2 * OpenBatch)
            {
                await Task.WhenAll(idle.Skip(i).Take(2 * OpenBatch).Where((_, n) => n % 2 == 0).Select(async client =>
                {
                    await client.SendAsync(startup);
                    var login = await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(60));
                    Assert.True(login is not null && login[^1].Tag == BackendTag.ReadyForQuery, "an idle client's login failed: " + WireClient.Describe(login));
                }));
            }
            var held = pooler.OpenDescriptors();
            Assert.True(held >= count, $"agroal holds {held} descriptors with {count} clients connected");

            var crossTalk = new ConcurrentQueue<string>();
            var errors = new ConcurrentQueue<string>();
            await Task.WhenAll(Enumerable.Range(0, WorkingClients).Select(async _ =>
            {
                try
                {
                    await using var connection = await pooler.OpenAsync();
                    for (var q = 0; q < 20; q++)
                    {
                        await PoolerInvariants.EchoAsync(connection);
                    }
                }
                catch (CrossTalkException ex)
                {
                    crossTalk.Enqueue(ex.Message);
                }
                catch (NpgsqlException ex)
                {
                    errors.Enqueue(ex.Message);
                }
            }));
            Assert.True(crossTalk.IsEmpty, string.Join(" | ", crossTalk.Take(3)));
            Assert.True(errors.IsEmpty, string.Join(" | ", errors.Take(3)));
            await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).ServesNewClientAsync($"beside {idle.Count} idle sockets");
            output.WriteLine($"{count} idle sockets ({count / 2} logged in) opened and logged in within {watch.Elapsed.TotalSeconds:0.0} s, then {WorkingClients} working clients: agroal held {held} descriptors, VmRSS {pooler.ResidentBytes() / 1048576.0:0.0} MiB");
        }
        finally
        {
            foreach (var client in idle)
            {
                client.Abort();
            }
        }
        // Ten thousand resets at once are a fault of their own: agroal tears down every session (measured: a login
        // during the teardown waited 2.2 s on a loaded 2-core machine), so the invariants are checked once it is done.
        var teardown = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.TrueAsync(() => Task.FromResult(pooler.OpenDescriptors() < count / 10), "agroal closed the idle sockets' descriptors", seconds: 60);
        output.WriteLine($"agroal closed the {count} aborted sockets within {teardown.Elapsed.TotalSeconds:0.0} s");
        await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).CheckAllAsync("idle sockets gone");
    }
}
