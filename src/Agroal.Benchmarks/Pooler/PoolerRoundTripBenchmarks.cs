using System.Diagnostics;
using Agroal.Actors.Clients;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Pooler;

/// <summary>
/// A small query and its answer through agroal itself (the real listener, session, lease lanes and relay) to an
/// in-process fake PostgreSQL, in the transaction and the session pipeline, from one logged-in client on a blocking
/// socket. The client and the fake server allocate nothing per round trip, so "Allocated" is the pooler's per
/// transaction (goal: 0). CPU per round trip (client, pooler and fake server together) is printed at cleanup.
/// </summary>
[MemoryDiagnoser]
public class PoolerRoundTripBenchmarks
{
    private InProcessPooler _pooler = null!;
    private BlockingPgClient _client = null!;
    private TimeSpan _cpuAtStart;
    private long _roundTrips;

    [Params(PipelineKind.Transaction, PipelineKind.Session)]
    public PipelineKind Pipeline { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pooler = new InProcessPooler(Pipeline, maxConnections: 4);
        _client = _pooler.Connect();
        _client.RoundTrip();
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    [Benchmark]
    public void SmallQueryRoundTrip()
    {
        _roundTrips++;
        _client.RoundTrip();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        Console.WriteLine($"// cpu_us_per_round_trip pooler=agroal pipeline={Pipeline} value={cpu.TotalMicroseconds / Math.Max(1, _roundTrips):F1} round_trips={_roundTrips}");
        _client.Terminate();
        _client.Dispose();
        _pooler.Dispose();
    }
}
