using System.Diagnostics;
using Agroal.Actors.Clients;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Pooler;

/// <summary>
/// More clients than backends: <see cref="Clients"/> logged-in clients, each on its own thread with a blocking socket,
/// run one small query each per invocation through agroal to an in-process fake PostgreSQL with only
/// <see cref="Backends"/> backends, so most leases wait for another client's return (the waiter path). The clients
/// and the fake server allocate nothing per round trip, so "Allocated" divided by <see cref="Clients"/> is the
/// pooler's per contended lease and transaction (goal: 0). CPU per round trip is printed at cleanup.
/// </summary>
[MemoryDiagnoser]
public class PoolerContendedRoundTripBenchmarks
{
    private InProcessPooler _pooler = null!;
    private BlockingPgClient[] _clients = [];
    private Thread[] _threads = [];
    private SemaphoreSlim[] _go = [];
    private CountdownEvent _done = null!;
    private volatile bool _stopping;
    private TimeSpan _cpuAtStart;
    private long _roundTrips;

    [Params(8)]
    public int Clients { get; set; }

    [Params(2)]
    public int Backends { get; set; }

    [Params(PipelineKind.Transaction)]
    public PipelineKind Pipeline { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pooler = new InProcessPooler(Pipeline, maxConnections: Backends);
        _clients = new BlockingPgClient[Clients];
        _go = new SemaphoreSlim[Clients];
        _threads = new Thread[Clients];
        _done = new CountdownEvent(Clients);
        for (var i = 0; i < Clients; i++)
        {
            _clients[i] = _pooler.Connect();
            _clients[i].RoundTrip();
            _go[i] = new SemaphoreSlim(0);
            var index = i;
            _threads[i] = new Thread(() => Work(index)) { IsBackground = true, Name = $"client-{i}" };
            _threads[i].Start();
        }
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    private void Work(int index)
    {
        var go = _go[index];
        var client = _clients[index];
        while (true)
        {
            go.Wait();
            if (_stopping)
            {
                return;
            }
            client.RoundTrip();
            _done.Signal();
        }
    }

    /// <summary>One small query from every client at once.</summary>
    [Benchmark]
    public void ContendedRoundTrips()
    {
        _roundTrips += Clients;
        _done.Reset(Clients);
        foreach (var go in _go)
        {
            go.Release();
        }
        _done.Wait();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        Console.WriteLine($"// cpu_us_per_round_trip pooler=agroal pipeline={Pipeline} clients={Clients} backends={Backends} value={cpu.TotalMicroseconds / Math.Max(1, _roundTrips):F1} round_trips={_roundTrips}");
        _stopping = true;
        foreach (var go in _go)
        {
            go.Release();
        }
        foreach (var thread in _threads)
        {
            thread.Join();
        }
        foreach (var client in _clients)
        {
            client.Terminate();
            client.Dispose();
        }
        _pooler.Dispose();
    }
}
