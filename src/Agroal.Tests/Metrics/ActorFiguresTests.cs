using Agroal.Actors.Runtime;
using Agroal.Tests.Runtime;
using Akka.Actor;
using Akka.TestKit.Xunit2;

namespace Agroal.Tests.Metrics;

/// <summary>The agroal_actor_* figures read from Akka: cells for mailbox depth, the event stream and supervision for counts.</summary>
public sealed class ActorFiguresTests() : TestKit(ActorTestConfig.RealTime, "figures")
{
    [Fact]
    public void Mailbox_depth_counts_messages_waiting_behind_a_busy_actor()
    {
        using var gate = new ManualResetEventSlim(false);
        var probe = CreateTestProbe("probe");
        var blocked = Sys.ActorOf(ActorProps.Of(() => new GateActor(gate, probe.Ref)), "blocked");
        blocked.Tell("first");
        probe.ExpectMsg<string>();
        blocked.Tell("second");
        blocked.Tell("third");

        Assert.Equal(2, ActorFigures.MailboxDepth(blocked));
        gate.Set();
        probe.ExpectMsg<string>();
        probe.ExpectMsg<string>();
        AwaitCondition(() => ActorFigures.MailboxDepth(blocked) == 0);
        Assert.Equal(0, ActorFigures.MailboxDepth(probe.Ref));
    }

    [Fact]
    public void Restart_count_grows_with_each_supervisor_restart()
    {
        var probe = CreateTestProbe("probe");
        var crashing = Sys.ActorOf(ActorProps.Of(() => new CrashingActor(probe.Ref)), "crashing");
        Assert.Equal(0, ActorFigures.For(Sys).RestartCount);
        crashing.Tell("crash");
        crashing.Tell("ping");
        probe.ExpectMsg("ping");
        Assert.Equal(1, ActorFigures.For(Sys).RestartCount);
    }

    [Fact]
    public void A_message_to_a_stopped_actor_is_a_dead_letter_and_an_unhandled_one_is_counted_apart()
    {
        var probe = CreateTestProbe("probe");
        var actor = Sys.ActorOf(ActorProps.Of(() => new CrashingActor(probe.Ref)), "stopping");
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        actor.Tell("late");
        AwaitCondition(() => ActorFigures.For(Sys).DeadLetterCount == 1);

        var picky = Sys.ActorOf(ActorProps.Of(() => new PickyActor()), "picky");
        picky.Tell(42);
        AwaitCondition(() => ActorFigures.For(Sys).UnhandledMessageCount == 1);
    }

    private sealed class GateActor(ManualResetEventSlim gate, IActorRef probe) : UntypedActor
    {
        private bool _first = true;

        protected override void OnReceive(object message)
        {
            probe.Tell(message);
            if (_first)
            {
                _first = false;
                // Hold the actor's turn so the following messages queue up.
                gate.Wait(TimeSpan.FromSeconds(10));
            }
        }
    }

    private sealed class CrashingActor(IActorRef probe) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is "crash")
            {
                throw new InvalidOperationException("crash on purpose");
            }
            probe.Tell(message);
        }
    }

    private sealed class PickyActor : UntypedActor
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
