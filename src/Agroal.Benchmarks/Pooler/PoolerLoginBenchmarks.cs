using Agroal.Actors.Clients;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Pooler;

/// <summary>
/// One client login through agroal itself: TCP connect, StartupMessage, the SCRAM-SHA-256 exchange against the
/// pooler's frontend authentication (its keys cached, so HMACs only), the greeting up to ReadyForQuery (in the
/// transaction pipeline a backend is leased for it and given back), then Terminate and close. The backend is an
/// in-process fake PostgreSQL; "Allocated" covers the client's side too (its SCRAM messages and socket).
/// </summary>
[MemoryDiagnoser]
public class PoolerLoginBenchmarks
{
    private InProcessPooler _pooler = null!;

    [Params(PipelineKind.Transaction, PipelineKind.Session)]
    public PipelineKind Pipeline { get; set; }

    [GlobalSetup]
    public void Setup() => _pooler = new InProcessPooler(Pipeline, maxConnections: 4);

    [Benchmark]
    public void LoginAndTerminate()
    {
        using var client = _pooler.Connect();
        client.Terminate();
    }

    [GlobalCleanup]
    public void Cleanup() => _pooler.Dispose();
}
