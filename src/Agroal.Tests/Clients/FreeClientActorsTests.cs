using Agroal.Actors.Clients;
using Agroal.Tests.Runtime;
using Akka.TestKit.Xunit2;

namespace Agroal.Tests.Clients;

public sealed class FreeClientActorsTests() : TestKit(ActorTestConfig.RealTime, "free-clients")
{
    [Fact]
    public void The_last_actor_kept_is_taken_first_and_none_past_the_limit_is_kept()
    {
        var free = new FreeClientActors();
        var actors = Enumerable.Range(0, FreeClientActors.Kept + 1).Select(_ => CreateTestProbe().Ref).ToArray();

        for (var i = 0; i < FreeClientActors.Kept; i++)
        {
            Assert.True(free.TryKeep(actors[i]));
        }

        Assert.False(free.TryKeep(actors[^1]));
        Assert.Equal(FreeClientActors.Kept, free.Count);
        Assert.True(free.TryTake(out var taken));
        Assert.Same(actors[FreeClientActors.Kept - 1], taken);
    }

    [Fact]
    public void A_forgotten_actor_is_never_taken_and_the_others_keep_their_order()
    {
        var free = new FreeClientActors();
        var (first, second, third) = (CreateTestProbe().Ref, CreateTestProbe().Ref, CreateTestProbe().Ref);
        free.TryKeep(first);
        free.TryKeep(second);
        free.TryKeep(third);

        free.Forget(second);
        free.Forget(second);

        Assert.Equal(2, free.Count);
        Assert.True(free.TryTake(out var a));
        Assert.True(free.TryTake(out var b));
        Assert.False(free.TryTake(out _));
        Assert.Equal([third, first], [a, b]);
    }
}
