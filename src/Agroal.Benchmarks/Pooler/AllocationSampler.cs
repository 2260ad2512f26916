using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Agroal.Actors.Clients;

namespace Agroal.Benchmarks.Pooler;

/// <summary>
/// Where a steady-state round trip's allocations come from (<c>-- --alloc-sample transaction|session [round trips]</c>):
/// the runtime's AllocationTick event (one per ~100 KB allocated, with the type that crossed the mark), counted by type
/// over many round trips through <see cref="PoolerRoundTripBenchmarks"/>'s set-up. A profiling aid, not a benchmark.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, int> _ticks = new();
    private volatile bool _recording;

    public static void Run(PipelineKind pipeline, int roundTrips)
    {
        using var pooler = new InProcessPooler(pipeline, maxConnections: 4);
        using var client = pooler.Connect();
        for (var i = 0; i < 20_000; i++)
        {
            client.RoundTrip();
        }
        using var sampler = new AllocationSampler();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        sampler._recording = true;
        for (var i = 0; i < roundTrips; i++)
        {
            client.RoundTrip();
        }
        sampler._recording = false;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine($"pipeline={pipeline} round_trips={roundTrips} allocated_bytes_per_round_trip={(double)allocated / roundTrips:F1}");
        foreach (var (type, count) in sampler._ticks.OrderByDescending(pair => pair.Value))
        {
            Console.WriteLine($"  allocation_ticks={count} type={type}");
        }
        client.Terminate();
    }

    /// <summary>
    /// <c>-- --alloc-sample login-transaction|login-session [logins]</c>: what one login costs, as
    /// <see cref="PoolerLoginBenchmarks"/> runs it (connect, SCRAM from cached keys, greeting, Terminate, close). The
    /// bytes include the client's own side (socket, SCRAM messages); the pooler's part ends after the client closed, so
    /// a few sessions' clean-up may fall outside the window. Also a loop to attach <c>perf record</c> to.
    /// </summary>
    public static void RunLogins(PipelineKind pipeline, int logins)
    {
        using var pooler = new InProcessPooler(pipeline, maxConnections: 4);
        LoginMany(pooler, Math.Min(logins, 2_000));
        using var sampler = new AllocationSampler();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        sampler._recording = true;
        LoginMany(pooler, logins);
        sampler._recording = false;
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine($"pipeline={pipeline} logins={logins} allocated_bytes_per_login={(double)allocated / logins:F1} " +
            $"wall_us_per_login={elapsed.TotalMicroseconds / logins:F1} process_cpu_us_per_login={cpu.TotalMicroseconds / logins:F1}");
        foreach (var (type, count) in sampler._ticks.OrderByDescending(pair => pair.Value))
        {
            Console.WriteLine($"  allocation_ticks={count} type={type}");
        }
    }

    private static void LoginMany(InProcessPooler pooler, int logins)
    {
        for (var i = 0; i < logins; i++)
        {
            using var client = pooler.Connect();
            client.Terminate();
        }
    }

    /// <summary>
    /// <c>-- --alloc-sample contended [round trips]</c>: 8 clients over 2 backends in the transaction pipeline, each on
    /// its own thread, so most leases wait for another client's return (<see cref="PoolerContendedRoundTripBenchmarks"/>).
    /// </summary>
    public static void RunContended(int roundTrips)
    {
        const int clientCount = 8;
        using var pooler = new InProcessPooler(PipelineKind.Transaction, maxConnections: 2);
        var clients = new BlockingPgClient[clientCount];
        for (var i = 0; i < clientCount; i++)
        {
            clients[i] = pooler.Connect();
        }
        RunAll(clients, 5_000);
        using var sampler = new AllocationSampler();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        sampler._recording = true;
        RunAll(clients, roundTrips / clientCount);
        sampler._recording = false;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine($"pipeline=Transaction clients={clientCount} backends=2 round_trips={roundTrips} allocated_bytes_per_round_trip={(double)allocated / roundTrips:F1}");
        foreach (var (type, count) in sampler._ticks.OrderByDescending(pair => pair.Value))
        {
            Console.WriteLine($"  allocation_ticks={count} type={type}");
        }
        foreach (var client in clients)
        {
            client.Terminate();
            client.Dispose();
        }
    }

    private static void RunAll(BlockingPgClient[] clients, int roundTripsEach)
    {
        var threads = new Thread[clients.Length];
        for (var i = 0; i < clients.Length; i++)
        {
            var client = clients[i];
            threads[i] = new Thread(() =>
            {
                for (var n = 0; n < roundTripsEach; n++)
                {
                    client.RoundTrip();
                }
            });
            threads[i].Start();
        }
        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            return;
        }
        var index = eventData.PayloadNames?.IndexOf("TypeName") ?? -1;
        var type = index >= 0 ? eventData.Payload![index] as string ?? "?" : "?";
        _ticks.AddOrUpdate(type, 1, static (_, count) => count + 1);
    }
}
