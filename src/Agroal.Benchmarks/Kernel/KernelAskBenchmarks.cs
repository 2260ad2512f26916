using Agroal.Actors.Kernel;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Kernel;

/// <summary>One Ask round trip to an echo actor, with its temporary reference and timeout timer on the system clock.</summary>
[MemoryDiagnoser]
public class KernelAskBenchmarks
{
    private static readonly object Ping = new();
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private ActorSystem _system = null!;
    private IActorRef _echo = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-ask");
        _echo = _system.ActorOf(Props.Create(() => new EchoActor()), "echo");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public Task<object> AskRoundTrip() => _echo.Ask<object>(Ping, Timeout);

    private sealed class EchoActor : ActorBase
    {
        protected override void OnReceive(object message) => Sender!.Tell(message);
    }
}
