using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class TimerTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task Starting_a_timer_again_under_the_same_key_replaces_the_old_one()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("timer-replace", clock);
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new TimerActor(probe.Ref, null)), "timers");

        actor.Tell(new StartSingle("k", "first", TimeSpan.FromSeconds(5)));
        actor.Tell(new StartSingle("k", "second", TimeSpan.FromSeconds(10)));
        probe.ExpectMsg("started");
        probe.ExpectMsg("started");
        Assert.Equal(1, clock.ActiveTimerCount);

        clock.Advance(TimeSpan.FromSeconds(6));
        probe.ExpectNoMsg(Quiet);
        clock.Advance(TimeSpan.FromSeconds(4));

        probe.ExpectMsg("second");
        probe.ExpectNoMsg(Quiet);
    }

    [Fact]
    public async Task A_replaced_timer_message_already_in_the_mailbox_is_never_delivered()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("timer-generation", clock);
        var probe = new TestProbe(system);
        using var gate = new ManualResetEventSlim();
        var actor = system.ActorOf(Props.Create(() => new TimerActor(probe.Ref, gate)), "timers");

        actor.Tell("start-first-then-wait-then-replace");
        probe.ExpectMsg("first armed");
        clock.Advance(TimeSpan.FromSeconds(1));
        gate.Set();
        probe.ExpectMsg("replaced");

        probe.ExpectNoMsg(Quiet);
        clock.Advance(TimeSpan.FromSeconds(5));
        probe.ExpectMsg("second");
    }

    [Fact]
    public async Task A_periodic_timer_fires_at_every_interval_until_cancelled()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("timer-periodic", clock);
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new TimerActor(probe.Ref, null)), "timers");
        actor.Tell(new StartPeriodic("tick", "tick", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg("started");

        clock.Advance(TimeSpan.FromSeconds(3));
        probe.ExpectMsg("tick");
        probe.ExpectMsg("tick");
        probe.ExpectMsg("tick");

        actor.Tell(new CancelTimer("tick"));
        probe.ExpectMsg("cancelled");
        clock.Advance(TimeSpan.FromSeconds(3));
        probe.ExpectNoMsg(Quiet);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public async Task All_timers_are_cancelled_when_the_actor_stops()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("timer-stop", clock);
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new TimerActor(probe.Ref, null)), "timers");
        actor.Tell(new StartPeriodic("a", "tick-a", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartSingle("b", "tick-b", TimeSpan.FromSeconds(2)));
        probe.ExpectMsg("started");
        probe.ExpectMsg("started");
        probe.Watch(actor);

        system.Stop(actor);
        probe.ExpectTerminated(actor);

        Assert.Equal(0, clock.ActiveTimerCount);
        clock.Advance(TimeSpan.FromSeconds(5));
        probe.ExpectNoMsg(Quiet);
        Assert.Equal(0, system.DeadLetterCount);
    }

    [Fact]
    public async Task All_timers_are_cancelled_when_the_actor_restarts()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("timer-restart", clock);
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new TimerActor(probe.Ref, null)), "timers");
        actor.Tell(new StartPeriodic("a", "tick-a", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg("started");

        actor.Tell("fail");
        probe.ExpectMsg("restarted");

        Assert.Equal(0, clock.ActiveTimerCount);
        clock.Advance(TimeSpan.FromSeconds(5));
        probe.ExpectNoMsg(Quiet);
    }

    private sealed record StartSingle(string Key, string Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, string Message, TimeSpan Interval);

    private sealed record CancelTimer(string Key);

    private sealed class TimerActor(IActorRef probe, ManualResetEventSlim? gate) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case StartSingle start:
                    Timers.StartSingleTimer(start.Key, start.Message, start.Delay);
                    probe.Tell("started");
                    break;
                case StartPeriodic start:
                    Timers.StartPeriodicTimer(start.Key, start.Message, start.Interval);
                    probe.Tell("started");
                    break;
                case CancelTimer cancel:
                    Timers.Cancel(cancel.Key);
                    probe.Tell(Timers.IsTimerActive(cancel.Key) ? "still active" : "cancelled");
                    break;
                case "start-first-then-wait-then-replace":
                    Timers.StartSingleTimer("k", "first", TimeSpan.FromSeconds(1));
                    probe.Tell("first armed");
                    gate!.Wait(TimeSpan.FromSeconds(3));
                    Timers.StartSingleTimer("k", "second", TimeSpan.FromSeconds(5));
                    probe.Tell("replaced");
                    break;
                case "fail":
                    throw new InvalidOperationException("boom");
                default:
                    probe.Tell(message);
                    break;
            }
        }

        protected override void PostRestart(Exception reason) => probe.Tell("restarted");
    }
}
