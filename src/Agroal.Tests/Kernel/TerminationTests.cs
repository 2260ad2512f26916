using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class TerminationTests
{
    [Fact]
    public async Task Terminate_stops_children_before_parents_runs_PostStop_and_completes_WhenTerminated()
    {
        var system = ActorSystem.Create("terminate");
        var probe = new TestProbe(system);
        system.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 2)), "top");
        probe.ExpectMsg("started top");
        probe.ExpectMsg("started child-2");
        probe.ExpectMsg("started child-1");

        var terminating = system.Terminate();

        probe.ExpectMsg("stopped child-1");
        probe.ExpectMsg("stopped child-2");
        probe.ExpectMsg("stopped top");
        Assert.Same(terminating, system.WhenTerminated);
        await system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 0)), "late"));
    }

    [Fact]
    public async Task Stopping_an_actor_stops_its_children_first_then_tells_watchers()
    {
        await using var system = ActorSystem.Create("stop-tree");
        var probe = new TestProbe(system);
        var top = system.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 1)), "top");
        probe.ExpectMsg("started top");
        probe.ExpectMsg("started child-1");
        probe.Watch(top);

        system.Stop(top);

        probe.ExpectMsg("stopped child-1");
        probe.ExpectMsg("stopped top");
        probe.ExpectTerminated(top);
    }

    [Fact]
    public async Task A_stopped_name_is_free_again_once_the_actor_has_terminated()
    {
        await using var system = ActorSystem.Create("names");
        var probe = new TestProbe(system);
        var first = system.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 0)), "same");
        Assert.Throws<InvalidActorNameException>(() => system.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 0)), "same"));
        Assert.Throws<InvalidActorNameException>(() => system.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 0)), "a/b"));
        probe.Watch(first);

        system.Stop(first);
        probe.FishForMessage(m => m is Terminated);

        Assert.True(SpinWait.SpinUntil(
            () =>
            {
                try
                {
                    system.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 0)), "same");
                    return true;
                }
                catch (InvalidActorNameException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(3)));
    }

    private sealed class TreeActor(IActorRef probe, int depth, string label = "top") : ActorBase
    {
        protected override void PreStart()
        {
            probe.Tell("started " + label);
            if (depth > 0)
            {
                Context.ActorOf(Props.Create(() => new TreeActor(probe, depth - 1, "child-" + depth)), "child");
            }
        }

        protected override void PostStop() => probe.Tell("stopped " + label);

        protected override void OnReceive(object message) => Unhandled(message);
    }
}
