using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace Agroal.Tests.Runtime;

/// <summary>Probes for helpers that own a system without deriving from TestKit (the pool and management beds).</summary>
internal static class ActorTestSystems
{
    public static TestProbe Probe(ActorSystem system, string name) => new(system, new XunitAssertions(), name);
}
