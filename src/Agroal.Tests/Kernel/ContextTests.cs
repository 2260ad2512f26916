using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class ContextTests
{
    [Fact]
    public async Task Context_used_after_an_await_throws_while_Self_stays_usable()
    {
        await using var system = ActorSystem.Create("context-await");
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new AwaitingActor(probe.Ref)), "awaiting");

        actor.Tell("go");

        probe.ExpectMsg("context ok before await");
        var outcome = probe.ExpectMsg<string>();
        Assert.StartsWith("threw InvalidOperationException", outcome, StringComparison.Ordinal);
        Assert.Contains(actor.Path, outcome, StringComparison.Ordinal);
        probe.ExpectMsg("self still works");
    }

    [Fact]
    public async Task An_actor_created_with_new_outside_ActorOf_is_refused()
    {
        await using var system = ActorSystem.Create("context-new");

        Assert.Throws<InvalidOperationException>(() => new AwaitingActor(system.DeadLetters));
    }

    [Fact]
    public async Task Context_is_available_in_the_constructor_and_names_the_parent()
    {
        await using var system = ActorSystem.Create("context-ctor");
        var probe = new TestProbe(system);

        system.ActorOf(Props.Create(() => new ConstructorContextActor(probe.Ref)), "ctor");

        probe.ExpectMsg("akka://context-ctor/user");
    }

    private sealed class ConstructorContextActor : ActorBase
    {
        public ConstructorContextActor(IActorRef probe) => probe.Tell(Context.Parent!.Path);

        protected override void OnReceive(object message) => Unhandled(message);
    }

    private sealed class AwaitingActor(IActorRef probe) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            if (message is "go")
            {
                _ = Context.Self;
                probe.Tell("context ok before await");
                _ = RunAsync();
            }
            else
            {
                probe.Tell(message);
            }
        }

        private async Task RunAsync()
        {
            await Task.Yield();
            try
            {
                _ = Context;
                probe.Tell("no exception");
            }
            catch (InvalidOperationException ex)
            {
                probe.Tell("threw InvalidOperationException: " + ex.Message);
            }

            Self.Tell("self still works");
        }
    }
}
