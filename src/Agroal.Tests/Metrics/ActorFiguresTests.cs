using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Metrics;

public sealed class ActorFiguresTests
{
    [Fact]
    public async Task Mailbox_depth_counts_messages_waiting_behind_a_busy_actor()
    {
        await using var system = ActorSystem.Create("figures-depth");
        using var gate = new ManualResetEventSlim(false);
        var probe = new TestProbe(system);
        var blocked = system.ActorOf(Props.Create(() => new GateActor(gate, probe.Ref)), "blocked");
        blocked.Tell("first");
        probe.ExpectMsg<string>();
        blocked.Tell("second");
        blocked.Tell("third");

        Assert.Equal(2, ActorSystem.MailboxDepth(blocked));
        gate.Set();
        probe.ExpectMsg<string>();
        probe.ExpectMsg<string>();
        Assert.Equal(0, ActorSystem.MailboxDepth(blocked));
        Assert.Equal(0, ActorSystem.MailboxDepth(probe.Ref));
    }

    [Fact]
    public async Task Restart_count_grows_with_each_supervisor_restart()
    {
        await using var system = ActorSystem.Create("figures-restarts");
        var probe = new TestProbe(system);
        var crashing = system.ActorOf(Props.Create(() => new CrashingActor(probe.Ref)), "crashing");
        Assert.Equal(0, system.RestartCount);
        crashing.Tell("crash");
        crashing.Tell("ping");
        probe.ExpectMsg<string>();
        Assert.Equal(1, system.RestartCount);
    }

    private sealed class GateActor(ManualResetEventSlim gate, IActorRef probe) : ActorBase
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

    private sealed class CrashingActor(IActorRef probe) : ActorBase
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
}
