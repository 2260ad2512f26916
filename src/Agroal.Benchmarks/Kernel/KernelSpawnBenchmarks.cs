using Agroal.Actors.Kernel;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Kernel;

/// <summary>Spawning an actor and stopping it again, until its PostStop has run (one op = one actor).</summary>
[MemoryDiagnoser]
public class KernelSpawnBenchmarks
{
    private const int ActorsPerInvoke = 1_000;

    private ActorSystem _system = null!;
    private Props _props = null!;
    private readonly IActorRef[] _actors = new IActorRef[ActorsPerInvoke];
    private readonly CountdownEvent _stopped = new(ActorsPerInvoke);

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-spawn");
        var stopped = _stopped;
        _props = Props.Create(() => new StopSignallingActor(stopped));
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = ActorsPerInvoke)]
    public void SpawnAndStop()
    {
        _stopped.Reset();
        for (int i = 0; i < _actors.Length; i++)
        {
            _actors[i] = _system.ActorOf(_props);
        }

        for (int i = 0; i < _actors.Length; i++)
        {
            _system.Stop(_actors[i]);
        }

        _stopped.Wait();
    }

    private sealed class StopSignallingActor(CountdownEvent stopped) : ActorBase
    {
        protected override void OnReceive(object message)
        {
        }

        protected override void PostStop() => stopped.Signal();
    }
}
