using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class FsmTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(5);

    public enum Door
    {
        Closed,
        Open,
    }

    [Fact]
    public async Task Transitions_are_observable_through_SubscribeTransitionCallBack()
    {
        await using var system = ActorSystem.Create("fsm-transitions");
        var probe = new TestProbe(system);
        var door = system.ActorOf(Props.Create(() => new DoorFsm(probe.Ref)), "door");

        door.Tell(new SubscribeTransitionCallBack(probe.Ref));
        Assert.Equal(Door.Closed, probe.ExpectMsg<CurrentState<Door>>().State);

        door.Tell("open");
        probe.ExpectMsg("on-transition Closed->Open data 0->1");
        probe.ExpectMsg(new Transition<Door>(door, Door.Closed, Door.Open));
        door.Tell("close");
        probe.ExpectMsg("on-transition Open->Closed data 1->1");
        probe.ExpectMsg(new Transition<Door>(door, Door.Open, Door.Closed));
    }

    [Fact]
    public async Task Stay_with_Replying_answers_the_sender_without_a_transition()
    {
        await using var system = ActorSystem.Create("fsm-replying");
        var probe = new TestProbe(system);
        var door = system.ActorOf(Props.Create(() => new DoorFsm(probe.Ref)), "door");
        door.Tell("open");
        door.Tell("close");
        door.Tell("open");

        Assert.Equal(2, await door.Ask<int>("count", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task A_state_timeout_fires_on_the_manual_clock()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("fsm-timeout", clock);
        var probe = new TestProbe(system);
        var door = system.ActorOf(Props.Create(() => new DoorFsm(null)), "door");
        door.Tell(new SubscribeTransitionCallBack(probe.Ref));
        probe.ExpectMsg<CurrentState<Door>>();

        door.Tell("open");
        probe.ExpectMsg(new Transition<Door>(door, Door.Closed, Door.Open));
        clock.Advance(OpenTimeout - TimeSpan.FromSeconds(1));
        probe.ExpectNoMsg(Quiet);
        clock.Advance(TimeSpan.FromSeconds(1));

        probe.ExpectMsg(new Transition<Door>(door, Door.Open, Door.Closed));
    }

    [Fact]
    public async Task A_state_timeout_is_cancelled_by_a_transition()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("fsm-timeout-cancel", clock);
        var probe = new TestProbe(system);
        var door = system.ActorOf(Props.Create(() => new DoorFsm(null)), "door");
        door.Tell(new SubscribeTransitionCallBack(probe.Ref));
        probe.ExpectMsg<CurrentState<Door>>();

        door.Tell("open");
        probe.ExpectMsg(new Transition<Door>(door, Door.Closed, Door.Open));
        Assert.Equal(1, clock.ActiveTimerCount);
        door.Tell("close");
        probe.ExpectMsg(new Transition<Door>(door, Door.Open, Door.Closed));

        Assert.Equal(0, clock.ActiveTimerCount);
        clock.Advance(OpenTimeout * 2);
        probe.ExpectNoMsg(Quiet);
    }

    private sealed class DoorFsm : FSM<Door, int>
    {
        public DoorFsm(IActorRef? observer)
        {
            StartWith(Door.Closed, 0);
            When(Door.Closed, e => e.FsmEvent switch
            {
                "open" => GoTo(Door.Open).Using(e.StateData + 1),
                _ => null,
            });
            When(
                Door.Open,
                e => e.FsmEvent switch
                {
                    "close" => GoTo(Door.Closed),
                    StateTimeout => GoTo(Door.Closed),
                    _ => null,
                },
                OpenTimeout);
            WhenUnhandled(e => e.FsmEvent is "count" ? Stay().Replying(e.StateData) : null);
            OnTransition((from, to) => observer?.Tell($"on-transition {from}->{to} data {StateData}->{NextStateData}"));
            Initialize();
        }
    }
}
