using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class SupervisionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Resume_keeps_the_instance_and_its_state()
    {
        await using var system = ActorSystem.Create("resume");
        var probe = new TestProbe(system);
        var child = await StartChild(system, new OneForOneStrategy(_ => Directive.Resume), probe.Ref);
        var started = probe.ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");

        child.Tell("inc");
        child.Tell("inc");
        child.Tell("fail");
        child.Tell("inc");

        Assert.Equal(new Counted(3, started.Instance), await child.Ask<Counted>("get", Timeout));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Restart_makes_a_new_instance_with_the_same_mailbox_and_calls_PreRestart_and_PostRestart()
    {
        await using var system = ActorSystem.Create("restart");
        var probe = new TestProbe(system);
        using var gate = new ManualResetEventSlim();
        var child = await StartChild(system, SupervisorStrategy.DefaultStrategy, probe.Ref, gate);
        int first = probe.ExpectMsg<Lifecycle>(l => l.Hook == "PreStart").Instance;

        child.Tell("inc");
        child.Tell("fail-at-gate");
        probe.ExpectMsg("at gate");
        child.Tell("queued-1");
        child.Tell("queued-2");
        gate.Set();

        var preRestart = probe.ExpectMsg<Lifecycle>(l => l.Hook == "PreRestart");
        Assert.Equal(first, preRestart.Instance);
        Assert.Equal("fail-at-gate", preRestart.Message);
        probe.ExpectMsg<Lifecycle>(l => l.Hook == "PostStop" && l.Instance == first);
        int second = probe.ExpectMsg<Lifecycle>(l => l.Hook == "PostRestart").Instance;
        Assert.NotEqual(first, second);
        probe.ExpectMsg(new Lifecycle("PreStart", second));
        probe.ExpectMsg(new Received("queued-1", second));
        probe.ExpectMsg(new Received("queued-2", second));
        Assert.Equal(new Counted(0, second), await child.Ask<Counted>("get", Timeout));
    }

    [Fact]
    public async Task Stop_directive_stops_the_failing_child()
    {
        await using var system = ActorSystem.Create("stop");
        var probe = new TestProbe(system);
        var child = await StartChild(system, OneForOneStrategy.StoppingStrategy, probe.Ref);
        int instance = probe.ExpectMsg<Lifecycle>(l => l.Hook == "PreStart").Instance;
        probe.Watch(child);

        child.Tell("fail");

        probe.ExpectMsg(new Lifecycle("PostStop", instance));
        probe.ExpectTerminated(child);
    }

    [Fact]
    public async Task Escalate_hands_the_failure_to_the_grandparent_whose_strategy_decides()
    {
        await using var system = ActorSystem.Create("escalate");
        var probe = new TestProbe(system);
        var grandparentStrategy = new OneForOneStrategy(cause =>
        {
            probe.Ref.Tell(new Decided(cause.Message));
            return Directive.Stop;
        });
        var grandparent = system.ActorOf(Props.Create(() => new SupervisorActor(grandparentStrategy)), "grandparent");
        var parent = await grandparent.Ask<IActorRef>(
            new StartChildRequest("parent", Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Escalate)))), Timeout);
        var child = await parent.Ask<IActorRef>(
            new StartChildRequest("child", Props.Create(() => new LifecycleActor(probe.Ref, null))), Timeout);
        probe.ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        probe.Watch(parent);

        child.Tell("fail");

        probe.ExpectMsg(new Decided("boom"));
        probe.ExpectMsg<Lifecycle>(l => l.Hook == "PostStop");
        probe.ExpectTerminated(parent);
    }

    [Fact]
    public async Task Restarts_beyond_the_limit_within_the_window_stop_the_child()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("retries", clock);
        var probe = new TestProbe(system);
        var strategy = new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var child = await StartChild(system, strategy, probe.Ref);
        probe.Watch(child);

        child.Tell("fail");
        probe.FishForMessage(m => m is Lifecycle { Hook: "PostRestart" });
        clock.Advance(TimeSpan.FromSeconds(20));
        child.Tell("fail");
        probe.FishForMessage(m => m is Lifecycle { Hook: "PostRestart" });
        clock.Advance(TimeSpan.FromSeconds(20));
        child.Tell("fail");

        probe.FishForMessage(m => m is Terminated t && ReferenceEquals(t.ActorRef, child));
    }

    [Fact]
    public async Task Restart_count_starts_over_once_the_window_has_passed()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("retry-window", clock);
        var probe = new TestProbe(system);
        var strategy = new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var child = await StartChild(system, strategy, probe.Ref);
        probe.Watch(child);

        for (int round = 0; round < 3; round++)
        {
            child.Tell("fail");
            probe.FishForMessage(m => m is Lifecycle { Hook: "PostRestart" });
            child.Tell("fail");
            probe.FishForMessage(m => m is Lifecycle { Hook: "PostRestart" });
            clock.Advance(TimeSpan.FromMinutes(2));
        }

        Assert.Equal(0, (await child.Ask<Counted>("get", Timeout)).Count);
    }

    [Fact]
    public async Task A_failing_child_never_disturbs_its_siblings()
    {
        await using var system = ActorSystem.Create("siblings");
        var failingProbe = new TestProbe(system);
        var siblingProbe = new TestProbe(system);
        var parent = system.ActorOf(Props.Create(() => new SupervisorActor(SupervisorStrategy.DefaultStrategy)), "parent");
        var failing = await parent.Ask<IActorRef>(new StartChildRequest("failing", Props.Create(() => new LifecycleActor(failingProbe.Ref, null))), Timeout);
        var sibling = await parent.Ask<IActorRef>(new StartChildRequest("sibling", Props.Create(() => new LifecycleActor(siblingProbe.Ref, null))), Timeout);
        int siblingInstance = siblingProbe.ExpectMsg<Lifecycle>(l => l.Hook == "PreStart").Instance;

        sibling.Tell("inc");
        for (int i = 0; i < 3; i++)
        {
            failing.Tell("fail");
            sibling.Tell("inc");
        }

        for (int i = 0; i < 3; i++)
        {
            failingProbe.FishForMessage(m => m is Lifecycle { Hook: "PostRestart" });
        }

        Assert.Equal(new Counted(4, siblingInstance), await sibling.Ask<Counted>("get", Timeout));
        siblingProbe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_failing_constructor_stops_the_actor_under_the_default_strategy()
    {
        await using var system = ActorSystem.Create("constructor-failure");
        var probe = new TestProbe(system);
        var parent = system.ActorOf(
            Props.Create(() => new SupervisorActor(new OneForOneStrategy(cause =>
            {
                probe.Ref.Tell(cause);
                return SupervisorStrategy.DefaultDecider(cause);
            }))),
            "parent");
        var child = await parent.Ask<IActorRef>(new StartChildRequest("child", Props.Create<ActorBase>(() => throw new InvalidOperationException("no ctor"))), Timeout);
        probe.Watch(child);

        var cause = probe.ExpectMsg<ActorInitializationException>();
        Assert.Equal("no ctor", cause.InnerException!.Message);
        probe.ExpectTerminated(child);
    }

    private static async Task<IActorRef> StartChild(ActorSystem system, SupervisorStrategy strategy, IActorRef probe, ManualResetEventSlim? gate = null)
    {
        var parent = system.ActorOf(Props.Create(() => new SupervisorActor(strategy)), "parent");
        return await parent.Ask<IActorRef>(new StartChildRequest("child", Props.Create(() => new LifecycleActor(probe, gate))), Timeout);
    }

    private sealed record StartChildRequest(string Name, Props Props);

    private sealed record Lifecycle(string Hook, int Instance, object? Message = null);

    private sealed record Received(object Message, int Instance);

    private sealed record Counted(int Count, int Instance);

    private sealed record Decided(string Cause);

    private sealed class SupervisorActor(SupervisorStrategy strategy) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            if (message is StartChildRequest request)
            {
                Sender!.Tell(Context.ActorOf(request.Props, request.Name));
            }
            else
            {
                Unhandled(message);
            }
        }

        protected override SupervisorStrategy SupervisorStrategy() => strategy;
    }

    private sealed class LifecycleActor(IActorRef probe, ManualResetEventSlim? gate) : ActorBase
    {
        private static int s_instances;
        private readonly int _instance = Interlocked.Increment(ref s_instances);
        private int _count;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "inc":
                    _count++;
                    break;
                case "get":
                    Sender!.Tell(new Counted(_count, _instance));
                    break;
                case "fail":
                    throw new InvalidOperationException("boom");
                case "fail-at-gate":
                    probe.Tell("at gate");
                    gate!.Wait(Timeout);
                    throw new InvalidOperationException("boom at gate");
                default:
                    probe.Tell(new Received(message, _instance));
                    break;
            }
        }

        protected override void PreStart() => probe.Tell(new Lifecycle("PreStart", _instance));

        protected override void PostStop() => probe.Tell(new Lifecycle("PostStop", _instance));

        protected override void PreRestart(Exception reason, object? message)
        {
            probe.Tell(new Lifecycle("PreRestart", _instance, message));
            base.PreRestart(reason, message);
        }

        protected override void PostRestart(Exception reason)
        {
            probe.Tell(new Lifecycle("PostRestart", _instance));
            base.PostRestart(reason);
        }
    }
}
