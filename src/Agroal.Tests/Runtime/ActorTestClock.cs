using Agroal.Actors.Runtime;
using Akka.Actor;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Agroal.Tests.Runtime;

/// <summary>
/// Virtual time for an actor test: the domain clock the actors read (<see cref="FakeTimeProvider"/>) and Akka's
/// <see cref="TestScheduler"/> that drives their timers, moved together so a timer never fires before its deadline.
/// The system must run on <see cref="ActorTestConfig.VirtualTime"/>.
/// </summary>
internal sealed class ActorTestClock
{
    public ActorTestClock(ActorSystem system)
    {
        Scheduler = system.Scheduler as TestScheduler
            ?? throw new InvalidOperationException("the actor system does not run on Akka's TestScheduler: use ActorTestConfig.VirtualTime");
        DomainClock.Register(system, Time);
    }

    public FakeTimeProvider Time { get; } = new();

    public TestScheduler Scheduler { get; }

    /// <summary>Moves the domain clock first, then delivers the timers that came due (to the actors' mailboxes).</summary>
    public void Advance(TimeSpan delta)
    {
        Time.Advance(delta);
        Scheduler.Advance(delta);
    }
}
