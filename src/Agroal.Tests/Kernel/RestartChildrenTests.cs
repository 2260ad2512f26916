using System.Runtime.CompilerServices;
using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class RestartChildrenTests
{
    [Fact]
    public async Task Restart_stops_the_old_instances_children_before_the_new_instance_starts_its_own()
    {
        await using var system = ActorSystem.Create("restart-children");
        var probe = new TestProbe(system);
        var generations = new StrongBox<int>();
        var parent = system.ActorOf(Props.Create(() => new ParentActor(probe.Ref, generations)), "parent");
        probe.ExpectMsg("child started 1");

        parent.Tell("fail");

        probe.ExpectMsg("child stopped 1");
        probe.ExpectMsg("child started 2");
        Assert.Single(await parent.Ask<IActorRef[]>("children", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Kill_makes_the_actor_fail_and_the_default_strategy_stops_it()
    {
        await using var system = ActorSystem.Create("kill");
        var probe = new TestProbe(system);
        var generations = new StrongBox<int>();
        var parent = system.ActorOf(Props.Create(() => new ParentActor(probe.Ref, generations)), "parent");
        probe.ExpectMsg("child started 1");
        probe.Watch(parent);

        parent.Tell(Kill.Instance);

        probe.ExpectMsg("child stopped 1");
        probe.ExpectTerminated(parent);
    }

    private sealed class ParentActor(IActorRef probe, StrongBox<int> generations) : ActorBase
    {
        protected override void PreStart()
        {
            int generation = Interlocked.Increment(ref generations.Value);
            Context.ActorOf(Props.Create(() => new ChildActor(probe, generation)), "child");
        }

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "fail":
                    throw new InvalidOperationException("parent failed");
                case "children":
                    Sender!.Tell(Context.Children.ToArray());
                    break;
            }
        }
    }

    private sealed class ChildActor(IActorRef probe, int generation) : ActorBase
    {
        protected override void PreStart() => probe.Tell("child started " + generation);

        protected override void PostStop() => probe.Tell("child stopped " + generation);

        protected override void OnReceive(object message) => Unhandled(message);
    }
}
