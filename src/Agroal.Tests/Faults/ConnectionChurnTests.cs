using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Agroal.Actors.Clients;
using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace Agroal.Tests.Faults;

/// <summary>
/// Connect/disconnect cycles (FAULTS_CYCLES, default the issue's 100,000) against the real <c>agroal</c> process, from
/// 16 concurrent raw-socket churners, with random aborts (RST): before the startup packet, halfway through it, right
/// after login, inside an open transaction, mid-query, or a clean Terminate after a checked answer. Every cycle's kind
/// comes from FAULTS_SEED and its number. The pool stays clean and the pooler's own RSS (VmRSS) flat.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ConnectionChurnTests(FaultPostgresFixture fixture, ITestOutputHelper output)
{
    private const int MaxConnections = 6;
    private const int FirstCycles = 1000;
    private const int WarmupCycles = 20000;
    private const int TraceEvery = 10000;
    private const double Mebibyte = 1048576.0;
    private const int Churners = 16;

    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Connect_disconnect_cycles_with_random_aborts_keep_the_pool_clean_and_memory_flat()
    {
        await using var pooler = await PoolerProcess.StartAsync(Postgres, "transaction", MaxConnections);
        var seed = FaultSettings.Seed;
        var total = Math.Max(FaultSettings.ChurnCycles, FirstCycles * 2);
        var failures = new ConcurrentQueue<string>();
        var kinds = new int[(int)CycleKind.Count];
        // A fresh pooler's RSS climbs for its first seconds whatever it serves (tier-1 JIT code, thread pool, GC
        // budgets: measured 80 -> 89 MiB over the first 11,000 cycles on the own kernel, 102 -> 113 MiB over the
        // first 21,000 on Akka.NET, then flat to 100,000 both times): warm it first, so
        // that the figure compared is its memory under load, not its start-up.
        await RunCyclesAsync(pooler, seed, -WarmupCycles, 0, kinds, failures);
        var watch = Stopwatch.StartNew();
        await RunCyclesAsync(pooler, seed, 0, FirstCycles, kinds, failures);
        var afterFirst = pooler.ResidentBytes();
        var trace = new StringBuilder();
        for (var from = FirstCycles; from < total; from += TraceEvery)
        {
            var to = Math.Min(from + TraceEvery, total);
            await RunCyclesAsync(pooler, seed, from, to, kinds, failures);
            trace.Append(CultureInfo.InvariantCulture, $" {to}:{pooler.ResidentBytes() / Mebibyte:0.0}");
        }
        var elapsed = watch.Elapsed;
        await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).CheckAllAsync($"seed={seed}: {total} connect/disconnect cycles");
        var afterAll = pooler.ResidentBytes();
        output.WriteLine($"seed={seed}: {total} cycles in {elapsed.TotalSeconds:0.0} s ({total / elapsed.TotalSeconds:0} cycles/s, {Churners} churners, after {WarmupCycles} warm-up cycles); " +
            $"kinds {string.Join(", ", Enum.GetNames<CycleKind>().Take(kinds.Length).Select((name, i) => $"{name}={kinds[i]}"))}; " +
            $"backends opened={await pooler.MetricAsync("agroal_backend_connections_opened_total")}");
        output.WriteLine($"CPU seconds so far: test process {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0.0}, agroal {ProcessCpu.Seconds(pooler.ProcessId, false):0.0}, " +
            $"PostgreSQL with its ended backends {ProcessCpu.Seconds(Postgres.PostmasterPid(), true):0.0}");
        output.WriteLine($"agroal VmRSS MiB after {FirstCycles}: {afterFirst / Mebibyte:0.0}; by cycle:{trace}; after the invariants: {afterAll / Mebibyte:0.0}");
        Assert.True(failures.IsEmpty, $"seed={seed}: {failures.Count} cycles failed, first: {string.Join(" | ", failures.Take(5))}");
        Assert.True(afterAll <= afterFirst * 1.10,
            $"seed={seed}: agroal's RSS grew from {afterFirst / Mebibyte:0.0} MiB after {FirstCycles} cycles to {afterAll / Mebibyte:0.0} MiB after {total}");
    }

    private enum CycleKind
    {
        BeforeStartup,
        MidStartup,
        AfterLogin,
        InsideTransaction,
        MidQuery,
        CleanTerminate,
        Count,
    }

    /// <summary>Of every 100 cycles: most log in and leave at once or cleanly; a few leave a transaction open or a query running (each of those may cost a backend).</summary>
    private static CycleKind Pick(Random random) => random.Next(100) switch
    {
        < 8 => CycleKind.BeforeStartup,
        < 16 => CycleKind.MidStartup,
        < 56 => CycleKind.AfterLogin,
        < 60 => CycleKind.InsideTransaction,
        < 61 => CycleKind.MidQuery,
        _ => CycleKind.CleanTerminate,
    };

    private async Task RunCyclesAsync(PoolerProcess pooler, int seed, int from, int to, int[] kinds, ConcurrentQueue<string> failures)
    {
        var next = from - 1;
        var startup = WireClient.Startup(Postgres.User, Postgres.Database, "churn");
        var begin = WireClient.Query(PoolerInvariants.DirtyBegin);
        var sleep = WireClient.Query("SELECT pg_sleep(0.002)");
        var terminate = WireClient.Terminate();
        var churners = new Task[Churners];
        for (var c = 0; c < churners.Length; c++)
        {
            churners[c] = Task.Run(async () =>
            {
                int cycle;
                while ((cycle = Interlocked.Increment(ref next)) < to)
                {
                    var kind = Pick(new Random(HashCode.Combine(seed, cycle)));
                    Interlocked.Increment(ref kinds[(int)kind]);
                    var failure = await RunCycleAsync(pooler.Port, kind, cycle, startup, begin, sleep, terminate);
                    if (failure is not null)
                    {
                        failures.Enqueue($"cycle {cycle} ({kind}): {failure}");
                    }
                }
            });
        }
        await Task.WhenAll(churners);
    }

    /// <returns>Null, or what went wrong.</returns>
    private static async Task<string?> RunCycleAsync(int port, CycleKind kind, int cycle, byte[] startup, byte[] begin, byte[] sleep, byte[] terminate)
    {
        var client = await WireClient.OpenAsync(port);
        try
        {
            switch (kind)
            {
                case CycleKind.BeforeStartup:
                    return null;
                case CycleKind.MidStartup:
                    await client.SendAsync(startup.AsMemory(0, startup.Length / 2));
                    return null;
            }
            await client.SendAsync(startup);
            var login = await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30));
            if (login is null || login[^1].Tag != BackendTag.ReadyForQuery)
            {
                return "login: " + WireClient.Describe(login);
            }
            switch (kind)
            {
                case CycleKind.InsideTransaction:
                    await client.SendAsync(begin);
                    var began = await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30));
                    return began is [.., (BackendTag.ReadyForQuery, [(byte)'T'])] ? null : "BEGIN: " + WireClient.Describe(began);
                case CycleKind.MidQuery:
                    await client.SendAsync(sleep);
                    return null;
                case CycleKind.CleanTerminate:
                    var marker = "c" + cycle.ToString(CultureInfo.InvariantCulture);
                    await client.SendAsync(WireClient.Query($"SELECT '{marker}'"));
                    var answer = await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30));
                    var row = answer?.Find(m => m.Tag == BackendTag.DataRow).Body;
                    if (row is null || !Encoding.UTF8.GetString(row).EndsWith(marker, StringComparison.Ordinal))
                    {
                        return $"sent {marker}, received {WireClient.Describe(answer)} {(row is null ? "" : Encoding.UTF8.GetString(row))}";
                    }
                    await client.SendAsync(terminate);
                    return await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(30)) ? null : "not closed after Terminate";
                default:
                    return null;
            }
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode.ToString();
        }
        finally
        {
            client.Abort();
        }
    }
}
