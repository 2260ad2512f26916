using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Transaction;

[Collection(PostgresCollection.Name)]
public sealed class TransactionLoadTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Two_thousand_clients_over_twenty_backends_all_finish_their_short_transactions()
    {
        const int clientCount = 2000;
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s => s with
        {
            MaxConnections = 20, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(60),
        });
        var clients = new RawProtocolClient[clientCount];
        // Connect in waves so the listen backlog is never the limit being tested.
        for (var wave = 0; wave < clientCount; wave += 100)
        {
            var start = wave;
            var connected = await Task.WhenAll(Enumerable.Range(start, 100).Select(_ => RawProtocolClient.ConnectAsync(pooler.Port, Postgres.User, Postgres.Database)));
            connected.CopyTo(clients, start);
        }
        var failures = 0;
        await Task.WhenAll(clients.Select(async (client, index) =>
        {
            for (var round = 0; round < 2; round++)
            {
                var replies = await client.Query("BEGIN").Parse("", $"SELECT {index}").Bind("", "").Execute().Sync().Query("COMMIT").RoundTripAsync();
                var row = await client.ReadUntilReadyAsync();
                var commit = await client.ReadUntilReadyAsync();
                if (replies.SqlState() is not null || row.FirstRow()[0] != index.ToString() || commit[^1].Body[0] != (byte)'I')
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        Assert.Equal(0, failures);
        Assert.True((await pooler.StatusAsync()).Total <= 20);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "every backend returned");
    }
}
