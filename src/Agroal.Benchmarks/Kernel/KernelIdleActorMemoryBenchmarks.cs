using Agroal.Actors.Kernel;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Kernel;

/// <summary>
/// Cost of an idle actor. The benchmark's "Allocated" column is bytes allocated per started actor; the retained
/// heap per idle actor (what 10,000 live actors keep) is measured once in GlobalSetup and printed as
/// "IdleActorRetainedBytes" in the benchmark log.
/// </summary>
[MemoryDiagnoser]
public class KernelIdleActorMemoryBenchmarks
{
    private const int ActorCount = 10_000;

    private ActorSystem _system = null!;
    private Props _props = null!;
    private readonly CountdownEvent _started = new(ActorCount);

    [GlobalSetup]
    public void Setup()
    {
        var started = _started;
        _props = Props.Create(() => new IdleActor(started));
        Console.WriteLine($"// IdleActorRetainedBytes: {MeasureRetainedBytesPerActor(_props, started):0} bytes per idle actor");
    }

    [IterationSetup]
    public void StartSystem()
    {
        _system = ActorSystem.Create("bench-idle");
        _started.Reset();
    }

    [IterationCleanup]
    public void StopSystem() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = ActorCount)]
    public void SpawnIdleActors()
    {
        for (int i = 0; i < ActorCount; i++)
        {
            _system.ActorOf(_props);
        }

        _started.Wait();
    }

    private static double MeasureRetainedBytesPerActor(Props props, CountdownEvent started)
    {
        var system = ActorSystem.Create("bench-idle-retained");
        started.Reset();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var keep = new IActorRef[ActorCount];
        for (int i = 0; i < ActorCount; i++)
        {
            keep[i] = system.ActorOf(props);
        }

        started.Wait();
        Thread.Sleep(200);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(keep);
        system.Terminate().Wait();
        return (after - before - (IntPtr.Size * (double)ActorCount)) / ActorCount;
    }

    private sealed class IdleActor(CountdownEvent started) : ActorBase
    {
        protected override void PreStart() => started.Signal();

        protected override void OnReceive(object message)
        {
        }
    }
}
