using Agroal.Actors.Kernel;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Kernel;

/// <summary>Messages per second into one actor from 1 and from 8 concurrent senders (one op = one message).</summary>
[MemoryDiagnoser]
public class KernelTellBenchmarks
{
    private const int MessagesPerInvoke = 200_000;
    private static readonly object Ping = new();

    private ActorSystem _system = null!;
    private IActorRef _counter = null!;
    private readonly ManualResetEventSlim _done = new();

    [Params(1, 8)]
    public int Senders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-tell");
        _counter = _system.ActorOf(Props.Create(() => new CountingActor()), "counter");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public void Tell()
    {
        _done.Reset();
        _counter.Tell(new CountingActor.Expect(MessagesPerInvoke, _done));
        int perSender = MessagesPerInvoke / Senders;
        if (Senders == 1)
        {
            Send(_counter, perSender);
        }
        else
        {
            var senders = new Task[Senders];
            for (int s = 0; s < senders.Length; s++)
            {
                senders[s] = Task.Factory.StartNew(() => Send(_counter, perSender), TaskCreationOptions.LongRunning);
            }

            Task.WaitAll(senders);
        }

        _done.Wait();
    }

    private static void Send(IActorRef target, int count)
    {
        for (int i = 0; i < count; i++)
        {
            target.Tell(Ping);
        }
    }

    private sealed class CountingActor : ActorBase
    {
        private int _remaining;
        private ManualResetEventSlim? _done;

        protected override void OnReceive(object message)
        {
            if (message is Expect expect)
            {
                _remaining = expect.Count;
                _done = expect.Done;
            }
            else if (--_remaining == 0)
            {
                _done!.Set();
            }
        }

        public sealed record Expect(int Count, ManualResetEventSlim Done);
    }
}
