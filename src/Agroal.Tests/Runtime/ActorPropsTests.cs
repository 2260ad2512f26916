using Agroal.Actors.Runtime;
using Akka.Actor;
using Akka.TestKit.Xunit2;

namespace Agroal.Tests.Runtime;

public sealed class ActorPropsTests() : TestKit(ActorTestConfig.RealTime, "props")
{
    [Fact]
    public void The_factory_runs_again_for_every_restart()
    {
        var created = 0;
        var actor = Sys.ActorOf(ActorProps.Of(() => new CountingActor(Interlocked.Increment(ref created))), "counting");
        actor.Tell("who", TestActor);
        ExpectMsg(1);
        actor.Tell("crash", TestActor);
        actor.Tell("who", TestActor);
        ExpectMsg(2);
    }

    [Fact]
    public void The_props_name_the_actor_type_without_an_expression_tree()
    {
        var props = ActorProps.Of(() => new CountingActor(0));
        Assert.Equal(typeof(CountingActor), props.Type);
    }

    private sealed class CountingActor(int generation) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is "crash")
            {
                throw new InvalidOperationException("crash on purpose");
            }
            Sender.Tell(generation);
        }
    }
}
