using Agroal.Actors.Clients;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Akka.Actor;
using Npgsql;

namespace Agroal.Tests.Integration.Lifecycle;

/// <summary>A client actor whose session ended hosts the next accepted socket, and still answers for it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClientActorReuseTests(PostgresFixture fixture)
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(PipelineKind.Transaction)]
    [InlineData(PipelineKind.Session)]
    public async Task Clients_one_after_another_are_hosted_by_one_actor_that_can_still_disconnect_its_client(PipelineKind pipeline)
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, pipeline);
        for (var i = 0; i < 10; i++)
        {
            await using var connection = await pooler.OpenAsync();
            Assert.Equal(1, await Scalar(connection, "SELECT 1"));
            await connection.CloseAsync();
            await Eventually.TrueAsync(async () => await CountClientsAsync(pooler) == 0, "the session ended and its actor is free");
        }

        await using var last = await pooler.OpenAsync();
        Assert.Equal(1, await Scalar(last, "SELECT 1"));
        Assert.Equal(1, await CountClientsAsync(pooler));
        await ResolveAsync(pooler, "client-1");
        await Assert.ThrowsAsync<ActorNotFoundException>(() => ResolveAsync(pooler, "client-2"));

        pooler.Server.Clients.Tell(ClientProtocol.DisconnectAll.Instance);

        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Services.Counters.Active == 0), "the reused actor's client was disconnected", seconds: 20);
        await Assert.ThrowsAnyAsync<Exception>(() => Scalar(last, "SELECT 1"));
        await Eventually.TrueAsync(async () => await CountClientsAsync(pooler) == 0, "the actor is free again");
    }

    internal static Task<int> CountClientsAsync(PoolerHarness pooler) =>
        pooler.Server.Clients.Ask<int>(ClientProtocol.CountClients.Instance, Reply);

    internal static Task<IActorRef> ResolveAsync(PoolerHarness pooler, string name) =>
        pooler.Server.System.ActorSelection(pooler.Server.Clients.Path / name).ResolveOne(Reply);

    internal static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
