using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class MailboxTests
{
    [Fact]
    public async Task Messages_from_one_sender_arrive_in_order()
    {
        await using var system = ActorSystem.Create("mailbox-order");
        var probe = new TestProbe(system);
        var relay = system.ActorOf(Props.Create(() => new RelayActor(probe.Ref)), "relay");

        for (int i = 0; i < 1000; i++)
        {
            relay.Tell(i);
        }

        for (int i = 0; i < 1000; i++)
        {
            probe.ExpectMsg(i);
        }
    }

    [Fact]
    public async Task OnReceive_runs_one_message_at_a_time_and_keeps_each_senders_order_under_eight_senders()
    {
        const int senders = 8;
        const int perSender = 2000;
        await using var system = ActorSystem.Create("mailbox-concurrency");
        var checker = system.ActorOf(Props.Create(() => new ConcurrencyCheckingActor()).WithMailboxThroughput(5), "checker");

        var sending = new Task[senders];
        for (int s = 0; s < senders; s++)
        {
            int senderId = s;
            sending[s] = Task.Run(() =>
            {
                for (int seq = 0; seq < perSender; seq++)
                {
                    checker.Tell(new Numbered(senderId, seq));
                }
            });
        }

        await Task.WhenAll(sending);
        var report = await checker.Ask<Report>(new GetReport(), TimeSpan.FromSeconds(10));

        Assert.Equal(senders * perSender, report.Handled);
        Assert.Equal(0, report.ConcurrentEntries);
        Assert.Equal(0, report.OutOfOrder);
    }

    [Fact]
    public async Task A_busy_actor_does_not_starve_another_actor()
    {
        await using var system = ActorSystem.Create("mailbox-fairness");
        var probe = new TestProbe(system);
        var busy = system.ActorOf(Props.Create(() => new SelfFeedingActor()), "busy");
        var other = system.ActorOf(Props.Create(() => new RelayActor(probe.Ref)), "other");

        busy.Tell("spin");
        other.Tell("still served");

        probe.ExpectMsg("still served");
        system.Stop(busy);
    }

    private sealed record Numbered(int Sender, int Sequence);

    private sealed record GetReport;

    private sealed record Report(int Handled, int ConcurrentEntries, int OutOfOrder);

    private sealed class RelayActor(IActorRef target) : ActorBase
    {
        protected override void OnReceive(object message) => target.Tell(message, Sender);
    }

    private sealed class SelfFeedingActor : ActorBase
    {
        protected override void OnReceive(object message) => Self.Tell(message);
    }

    private sealed class ConcurrencyCheckingActor : ActorBase
    {
        private readonly int[] _nextSequence = new int[8];
        private int _inside;
        private int _handled;
        private int _concurrentEntries;
        private int _outOfOrder;

        protected override void OnReceive(object message)
        {
            if (Interlocked.Increment(ref _inside) != 1)
            {
                _concurrentEntries++;
            }

            switch (message)
            {
                case Numbered numbered:
                    if (_nextSequence[numbered.Sender] != numbered.Sequence)
                    {
                        _outOfOrder++;
                    }

                    _nextSequence[numbered.Sender] = numbered.Sequence + 1;
                    _handled++;
                    Thread.SpinWait(10);
                    break;
                case GetReport:
                    Sender!.Tell(new Report(_handled, _concurrentEntries, _outOfOrder));
                    break;
            }

            Interlocked.Decrement(ref _inside);
        }
    }
}
