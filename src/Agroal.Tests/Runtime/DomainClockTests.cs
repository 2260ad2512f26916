using Agroal.Actors.Runtime;
using Akka.Actor;
using Akka.TestKit.Xunit2;

namespace Agroal.Tests.Runtime;

public sealed class DomainClockTests() : TestKit(ActorTestConfig.VirtualTime, "clock")
{
    [Fact]
    public void Actors_read_the_registered_clock_and_their_timers_fire_only_when_virtual_time_reaches_them()
    {
        var clock = new ActorTestClock(Sys);
        var actor = Sys.ActorOf(ActorProps.Of(() => new DelayedEchoActor()), "delayed");
        actor.Tell(TimeSpan.FromSeconds(30), TestActor);
        ExpectMsg<DateTimeOffset>(); // armed; reports the domain clock's time
        clock.Advance(TimeSpan.FromSeconds(29));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        clock.Advance(TimeSpan.FromSeconds(1));
        var firedAt = ExpectMsg<DateTimeOffset>();
        Assert.Equal(clock.Time.GetUtcNow(), firedAt);
    }

    [Fact]
    public async Task Without_a_registered_clock_the_system_clock_is_used()
    {
        var system = ActorSystem.Create("no-clock", ActorTestConfig.RealTime);
        Assert.Same(TimeProvider.System, system.TimeProvider);
        await system.Terminate();
    }

    private sealed class DelayedEchoActor : UntypedActor, IWithTimers
    {
        private IActorRef _replyTo = ActorRefs.Nobody;

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case TimeSpan delay:
                    _replyTo = Sender;
                    Timers.StartSingleTimer("echo", "fire", delay);
                    Sender.Tell(Context.System.TimeProvider.GetUtcNow());
                    break;
                case "fire":
                    _replyTo.Tell(Context.System.TimeProvider.GetUtcNow());
                    break;
            }
        }
    }
}
