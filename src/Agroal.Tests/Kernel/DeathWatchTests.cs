using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class DeathWatchTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task Terminated_arrives_exactly_once_per_watch_even_when_watched_twice()
    {
        await using var system = ActorSystem.Create("watch-once");
        var probe = new TestProbe(system);
        var target = system.ActorOf(Props.Create(() => new IdleActor()), "target");
        var watcher = system.ActorOf(Props.Create(() => new WatcherActor(probe.Ref)), "watcher");

        watcher.Tell(new WatchRequest(target));
        watcher.Tell(new WatchRequest(target));
        probe.ExpectMsg("watching");
        probe.ExpectMsg("watching");
        system.Stop(target);

        Assert.Same(target, probe.ExpectMsg<Terminated>().ActorRef);
        probe.ExpectNoMsg(Quiet);
    }

    [Fact]
    public async Task Watching_an_already_dead_actor_delivers_Terminated_once()
    {
        await using var system = ActorSystem.Create("watch-dead");
        var probe = new TestProbe(system);
        var target = system.ActorOf(Props.Create(() => new IdleActor()), "target");
        probe.Watch(target);
        system.Stop(target);
        probe.ExpectTerminated(target);

        var watcher = system.ActorOf(Props.Create(() => new WatcherActor(probe.Ref)), "watcher");
        watcher.Tell(new WatchRequest(target));
        probe.ExpectMsg("watching");
        Assert.Same(target, probe.ExpectMsg<Terminated>().ActorRef);

        var lateProbe = new TestProbe(system);
        lateProbe.Watch(target);
        lateProbe.ExpectTerminated(target);
        lateProbe.ExpectNoMsg(Quiet);
        probe.ExpectNoMsg(Quiet);
    }

    [Fact]
    public async Task Unwatch_means_no_Terminated()
    {
        await using var system = ActorSystem.Create("unwatch");
        var probe = new TestProbe(system);
        var target = system.ActorOf(Props.Create(() => new IdleActor()), "target");
        var watcher = system.ActorOf(Props.Create(() => new WatcherActor(probe.Ref)), "watcher");
        watcher.Tell(new WatchRequest(target));
        probe.ExpectMsg("watching");

        watcher.Tell(new UnwatchRequest(target));
        probe.ExpectMsg("unwatched");
        system.Stop(target);

        probe.ExpectNoMsg(Quiet);
    }

    [Fact]
    public async Task Watchers_hear_of_a_stop_only_after_PostStop()
    {
        await using var system = ActorSystem.Create("watch-after-poststop");
        var probe = new TestProbe(system);
        var target = system.ActorOf(Props.Create(() => new ReportingStopActor(probe.Ref)), "target");
        probe.Watch(target);

        target.Tell(PoisonPill.Instance);

        probe.ExpectMsg("PostStop");
        probe.ExpectTerminated(target);
    }

    [Fact]
    public async Task Leaving_Terminated_unhandled_stops_the_watcher()
    {
        await using var system = ActorSystem.Create("death-pact");
        var probe = new TestProbe(system);
        var target = system.ActorOf(Props.Create(() => new IdleActor()), "target");
        var watcher = system.ActorOf(Props.Create(() => new IgnoringWatcherActor(target)), "watcher");
        probe.Watch(watcher);

        system.Stop(target);

        probe.ExpectTerminated(watcher);
    }

    private sealed record WatchRequest(IActorRef Target);

    private sealed record UnwatchRequest(IActorRef Target);

    private sealed class IdleActor : ActorBase
    {
        protected override void OnReceive(object message) => Unhandled(message);
    }

    private sealed class ReportingStopActor(IActorRef probe) : ActorBase
    {
        protected override void OnReceive(object message) => Unhandled(message);

        protected override void PostStop() => probe.Tell("PostStop");
    }

    private sealed class IgnoringWatcherActor(IActorRef target) : ActorBase
    {
        protected override void PreStart() => Context.Watch(target);

        protected override void OnReceive(object message) => Unhandled(message);
    }

    private sealed class WatcherActor(IActorRef probe) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case WatchRequest request:
                    Context.Watch(request.Target);
                    probe.Tell("watching");
                    break;
                case UnwatchRequest request:
                    Context.Unwatch(request.Target);
                    probe.Tell("unwatched");
                    break;
                case Terminated terminated:
                    probe.Tell(terminated);
                    break;
            }
        }
    }
}
