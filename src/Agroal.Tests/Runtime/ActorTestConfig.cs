using Agroal.Actors.Runtime;
using Akka.Configuration;

namespace Agroal.Tests.Runtime;

/// <summary>The product's runtime configuration (hocon/agroal.conf) for actor tests, on real or virtual time.</summary>
internal static class ActorTestConfig
{
    /// <summary>Akka's TestScheduler: actor timers fire only when the test advances an <see cref="ActorTestClock"/>.</summary>
    public static Config VirtualTime { get; } = ConfigurationFactory
        .ParseString("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
        .WithFallback(RuntimeHocon.Load(null));

    public static Config RealTime { get; } = RuntimeHocon.Load(null);
}
