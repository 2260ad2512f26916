using Agroal.Actors.Clients;
using Agroal.Tests.Integration.Lifecycle;
using Agroal.Tests.Integration.Pooling;
using Akka.Actor;

namespace Agroal.Tests.Faults;

/// <summary>A free client actor (between two sessions) stopped from outside, as a crash would stop it.</summary>
[Collection(FaultCollection.Name)]
public sealed class FreeClientActorStoppedTests(FaultPostgresFixture fixture)
{
    [Fact]
    public async Task A_stopped_actor_is_replaced_and_the_next_client_is_served()
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Transaction);
        await using (var first = await pooler.OpenAsync())
        {
            Assert.Equal(1, await ClientActorReuseTests.Scalar(first, "SELECT 1"));
        }

        await Eventually.TrueAsync(async () => await ClientActorReuseTests.CountClientsAsync(pooler) == 0, "the first session ended");
        // A free actor stopped from outside (as a crash would) must leave the free stack: the next client would
        // otherwise be handed to a dead actor and have nobody to stop it.
        var free = await ClientActorReuseTests.ResolveAsync(pooler, "client-1");
        await free.GracefulStop(TimeSpan.FromSeconds(10));

        await using var second = await pooler.OpenAsync();
        Assert.Equal(1, await ClientActorReuseTests.Scalar(second, "SELECT 1"));
        Assert.Equal(1, await ClientActorReuseTests.CountClientsAsync(pooler));
        await ClientActorReuseTests.ResolveAsync(pooler, "client-2");
        pooler.Server.Clients.Tell(ClientProtocol.DisconnectAll.Instance);
        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Services.Counters.Active == 0), "the second client was disconnected", seconds: 20);
    }
}
