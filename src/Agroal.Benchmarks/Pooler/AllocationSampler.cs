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
