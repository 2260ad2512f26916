using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class DeadLetterTests
{
    [Fact]
    public async Task Messages_to_a_stopped_actor_are_counted_as_dead_letters()
    {
        await using var system = ActorSystem.Create("dead-letters");
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new SinkActor()), "sink");
        probe.Watch(actor);
        system.Stop(actor);
        probe.ExpectTerminated(actor);
        Assert.Equal(0, system.DeadLetterCount);

        actor.Tell("one");
        actor.Tell("two");
        actor.Tell("three");

        Assert.Equal(3, system.DeadLetterCount);
    }

    [Fact]
    public async Task Messages_queued_behind_a_PoisonPill_become_dead_letters()
    {
        await using var system = ActorSystem.Create("poison-pill");
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new SinkActor()), "sink");
        probe.Watch(actor);

        actor.Tell(PoisonPill.Instance);
        actor.Tell("after-1");
        actor.Tell("after-2");
        probe.ExpectTerminated(actor);

        Assert.True(SpinWait.SpinUntil(() => system.DeadLetterCount == 2, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Messages_sent_to_DeadLetters_are_counted_and_Unhandled_is_counted_separately()
    {
        await using var system = ActorSystem.Create("dead-letter-ref");
        var actor = system.ActorOf(Props.Create(() => new SinkActor()), "sink");

        system.DeadLetters.Tell("lost");
        actor.Tell(42);

        Assert.Equal(1, system.DeadLetterCount);
        Assert.True(SpinWait.SpinUntil(() => system.UnhandledMessageCount == 1, TimeSpan.FromSeconds(3)));
    }

    private sealed class SinkActor : ActorBase
    {
        protected override void OnReceive(object message)
        {
            if (message is not string)
            {
                Unhandled(message);
            }
        }
    }
}
