using Agroal.Actors.Runtime;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Agroal.Tests.Runtime;

public sealed class LazyUnboundedMailboxTests
{
    [Fact]
    public void An_empty_queue_answers_without_making_its_storage_and_keeps_order_once_used()
    {
        var queue = new LazyUnboundedMessageQueue();
        Assert.False(queue.HasMessages);
        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryDequeue(out _));

        queue.Enqueue(ActorRefs.Nobody, new Envelope("first", ActorRefs.NoSender));
        queue.Enqueue(ActorRefs.Nobody, new Envelope("second", ActorRefs.NoSender));

        Assert.True(queue.HasMessages);
        Assert.Equal(2, queue.Count);
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal("first", first.Message);
        Assert.True(queue.TryDequeue(out var second));
        Assert.Equal("second", second.Message);
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public void Senders_racing_for_the_first_message_share_one_queue_and_lose_nothing()
    {
        var queue = new LazyUnboundedMessageQueue();
        Parallel.For(0, 1000, i => queue.Enqueue(ActorRefs.Nobody, new Envelope(i, ActorRefs.NoSender)));
        var seen = new HashSet<int>();
        while (queue.TryDequeue(out var envelope))
        {
            seen.Add((int)envelope.Message);
        }
        Assert.Equal(1000, seen.Count);
    }

    [Fact]
    public void A_single_message_in_and_out_allocates_no_queue()
    {
        var queue = new LazyUnboundedMessageQueue();
        var envelope = new Envelope("only", ActorRefs.NoSender);
        queue.Enqueue(ActorRefs.Nobody, envelope);
        Assert.True(queue.TryDequeue(out _));
        queue = new LazyUnboundedMessageQueue();

        var before = GC.GetAllocatedBytesForCurrentThread();
        queue.Enqueue(ActorRefs.Nobody, envelope);
        var had = queue.HasMessages;
        var count = queue.Count;
        var took = queue.TryDequeue(out var only);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(had);
        Assert.Equal(1, count);
        Assert.True(took);
        Assert.Equal("only", only.Message);
        Assert.False(queue.HasMessages);
        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// Four senders, each numbering its messages, while one consumer drains the queue as an Akka mailbox does: every
    /// message arrives once, and each sender's in the order it sent them, whichever went into the first-message slot.
    /// </summary>
    [Fact]
    public async Task Each_senders_messages_arrive_in_order_while_they_race_the_consumer()
    {
        const int Senders = 4;
        const int PerSender = 20_000;
        for (var round = 0; round < 20; round++)
        {
            var queue = new LazyUnboundedMessageQueue();
            var start = new Barrier(Senders + 1);
            var senders = new Task[Senders];
            for (var s = 0; s < Senders; s++)
            {
                var sender = s;
                senders[s] = Task.Run(() =>
                {
                    start.SignalAndWait();
                    for (var i = 0; i < PerSender; i++)
                    {
                        queue.Enqueue(ActorRefs.Nobody, new Envelope((sender, i), ActorRefs.NoSender));
                    }
                });
            }
            var next = new int[Senders];
            var received = 0;
            start.SignalAndWait();
            while (received < Senders * PerSender)
            {
                if (!queue.TryDequeue(out var envelope))
                {
                    Thread.SpinWait(10);
                    continue;
                }
                var (sender, i) = ((int, int))envelope.Message;
                Assert.Equal(next[sender], i);
                next[sender]++;
                received++;
            }
            await Task.WhenAll(senders);
            Assert.False(queue.HasMessages);
        }
    }

    [Fact]
    public void Clean_up_hands_what_is_left_to_the_dead_letters()
    {
        var queue = new LazyUnboundedMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, new Envelope("left", ActorRefs.NoSender));
        var deadLetters = new UnboundedMessageQueue();

        queue.CleanUp(ActorRefs.Nobody, deadLetters);

        Assert.False(queue.HasMessages);
        Assert.True(deadLetters.TryDequeue(out var envelope));
        Assert.Equal("left", envelope.Message);
    }

    [Fact]
    public async Task The_runtime_defaults_give_every_actor_the_lazy_mailbox_and_messages_still_arrive()
    {
        using var system = ActorSystem.Create("lazy-mailbox", RuntimeHocon.Load(null));
        Assert.Equal("Agroal.Actors.Runtime.LazyUnboundedMailbox, agroal", system.Settings.Config.GetString("akka.actor.default-mailbox.mailbox-type"));
        var echo = system.ActorOf(Props.Create(() => new EchoActor()), "echo");

        var answer = await echo.Ask<string>("ping", TimeSpan.FromSeconds(30));

        Assert.Equal("ping", answer);
        var cell = Assert.IsType<ActorCell>(((ActorRefWithCell)echo).Underlying);
        Assert.IsType<LazyUnboundedMessageQueue>(cell.Mailbox?.MessageQueue);
        await system.Terminate();
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => ReceiveAny(message => Sender.Tell(message));
    }
}
