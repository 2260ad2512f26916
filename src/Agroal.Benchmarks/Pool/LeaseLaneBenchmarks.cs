using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Benchmarks.Pool;

/// <summary>
/// A transaction's lease and return on the fast path (no mailbox): uncontended on one thread, and from 1, 2 and 8
/// threads sharing one lane of 20 idle backends (the pool-bench pool size). Allocated bytes per lease+return: 0.
/// </summary>
[MemoryDiagnoser]
public class LeaseLaneBenchmarks
{
    private const int PerThread = 20_000;
    private static readonly PoolKey Key = new("bench", "bench", "");

    private PoolLanes _lanes = null!;
    private PoolLane _lane = null!;

    [Params(1, 2, 8)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int slots = 20;
        _lanes = new PoolLanes(slots);
        _lane = _lanes.For(Key);
        for (var i = 0; i < slots; i++)
        {
            var cell = _lanes.Cells[i];
            cell.Lane = _lane;
            cell.Connection = new BackendConnection(new DefaultConnectionContext($"backend-{i}"), new ServerEndpoint("primary", "127.0.0.1", 5432, true), Key, 0)
            {
                SlotId = i,
            };
            _lane.TryMove(cell, SlotState.Init, null, out _);
            _lane.TryMove(cell, SlotState.Free, SlotState.Init, out _);
        }
    }

    /// <summary>One lease and one return on the calling thread, nobody else on the lane.</summary>
    [Benchmark]
    public bool LeaseAndReturnUncontended()
    {
        var backend = _lane.TryLease("client-1", "bench");
        return backend is not null && _lanes.TryReturn(backend) == ReturnOutcome.Returned;
    }

    /// <summary><see cref="Threads"/> threads leasing and returning on the same lane at once; per lease+return.</summary>
    [Benchmark(OperationsPerInvoke = PerThread)]
    public void LeaseAndReturnFromThreads()
    {
        if (Threads == 1)
        {
            Work();
            return;
        }
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ => Work());
    }

    private void Work()
    {
        var per = PerThread / Threads;
        for (var i = 0; i < per; i++)
        {
            if (_lane.TryLease("client", "bench") is { } backend)
            {
                _lanes.TryReturn(backend);
            }
        }
    }
}
