using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Xunit.Abstractions;

namespace Agroal.Tests.Faults;

/// <summary>
/// Connect/disconnect cycles (FAULTS_CYCLES, default 3,000; 100,000 is the soak) with random aborts: before
/// the startup packet, halfway through it, right after login, mid-query, or a clean Terminate. Memory must not grow.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ConnectionChurnTests(FaultPostgresFixture fixture, ITestOutputHelper output)
{
    private const int MaxConnections = 6;
    private const int Warmup = 1000;

    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Connect_disconnect_cycles_with_random_aborts_keep_the_pool_clean_and_memory_flat()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s => s with
        {
            MaxConnections = MaxConnections, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(60),
        });
        var total = Math.Max(FaultSettings.ChurnCycles, Warmup * 2);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await RunCyclesAsync(pooler, 0, Warmup);
        var afterWarmup = SettledRss();
        await RunCyclesAsync(pooler, Warmup, total);
        var afterAll = SettledRss();
        output.WriteLine($"{total} cycles in {watch.Elapsed.TotalSeconds:0.0} s; RSS after {Warmup}: {afterWarmup / 1048576.0:0.0} MiB, after {total}: {afterAll / 1048576.0:0.0} MiB");
        await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).CheckAllAsync($"{total} connect/disconnect cycles");
        Assert.Equal(0, pooler.Server.Services.CancelKeys.Count);
        Assert.True(afterAll <= afterWarmup * 1.10, $"RSS grew from {afterWarmup / 1048576.0:0.0} MiB to {afterAll / 1048576.0:0.0} MiB over {total} cycles");
    }

    private async Task RunCyclesAsync(PoolerHarness pooler, int from, int to)
    {
        var next = from - 1;
        var startup = WireClient.Startup(Postgres.User, Postgres.Database, "churn");
        var query = WireClient.Query("SELECT 1");
        var terminate = WireClient.Terminate();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int cycle;
            while ((cycle = Interlocked.Increment(ref next)) < to)
            {
                var client = await WireClient.OpenAsync(pooler.Port);
                try
                {
                    switch (cycle % 5)
                    {
                        case 0:
                            break;
                        case 1:
                            await client.SendAsync(startup.AsMemory(0, startup.Length / 2));
                            break;
                        default:
                            await client.SendAsync(startup);
                            await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30));
                            if (cycle % 5 == 3)
                            {
                                await client.SendAsync(query);
                            }
                            else if (cycle % 5 == 4)
                            {
                                await client.SendAsync([.. query, .. terminate]);
                                await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30));
                            }
                            break;
                    }
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // The pooler closed first (an abort it noticed): the cycle is done either way.
                }
                client.Abort();
            }
        }));
    }

    private static long SettledRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
