using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Relay;

/// <summary>
/// Akka.IO TCP relay against the pooler's socket + pipelines relay (issue 11): a small query and its answer over
/// loopback through each relay, on 1 and 50 connections at once (one invocation = one round trip per connection).
/// Time and allocations come from BenchmarkDotNet; CPU per round trip is printed at cleanup ("cpu_us_per_round_trip").
/// </summary>
[MemoryDiagnoser]
public class RelayRoundTripBenchmarks
{
    private FakeQueryServer _server = null!;
    private PipelinesRelay? _pipelines;
    private AkkaIoRelay? _akka;
    private RelayClients _clients = null!;
    private TimeSpan _cpuAtStart;
    private long _roundTrips;

    [Params(1, 50)]
    public int Connections { get; set; }

    [GlobalSetup(Target = nameof(SocketPipelinesRelay))]
    public void SetupPipelines()
    {
        _server = new FakeQueryServer();
        _pipelines = PipelinesRelay.StartAsync(_server.EndPoint).GetAwaiter().GetResult();
        _clients = new RelayClients(_pipelines.EndPoint, Connections);
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    [GlobalSetup(Target = nameof(AkkaIoTcpRelay))]
    public void SetupAkka()
    {
        _server = new FakeQueryServer();
        _akka = AkkaIoRelay.StartAsync(_server.EndPoint).GetAwaiter().GetResult();
        _clients = new RelayClients(_akka.EndPoint, Connections);
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    [Benchmark(Baseline = true)]
    public Task SocketPipelinesRelay()
    {
        _roundTrips += Connections;
        return _clients.RoundTripAllAsync();
    }

    [Benchmark]
    public Task AkkaIoTcpRelay()
    {
        _roundTrips += Connections;
        return _clients.RoundTripAllAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        // Both ends (clients, relay, fake server) run in this process: the figure is the whole round trip's CPU.
        Console.WriteLine($"// cpu_us_per_round_trip relay={(_akka is null ? "pipelines" : "akka-io")} connections={Connections} " +
            $"value={cpu.TotalMicroseconds / Math.Max(1, _roundTrips):F1} round_trips={_roundTrips}");
        _clients.Dispose();
        _pipelines?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _akka?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.Dispose();
    }
}
