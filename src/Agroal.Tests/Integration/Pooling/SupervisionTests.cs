using Agroal.Actors.Clients;
using Akka.Actor;
using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

[Collection(PostgresCollection.Name)]
public sealed class SupervisionTests(PostgresFixture fixture)
{
    [Fact]
    public async Task A_crash_in_one_client_actor_ends_that_client_only_while_twenty_others_keep_querying()
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session, s => s with { MaxConnections = 25 });
        await using var victim = await pooler.OpenAsync();
        var stop = new CancellationTokenSource();
        var errors = 0;
        var queries = 0;
        var workers = new List<Task>();
        for (var i = 0; i < 20; i++)
        {
            workers.Add(Task.Run(async () =>
            {
                await using var connection = await pooler.OpenAsync();
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await using var command = new NpgsqlCommand("SELECT 1", connection);
                        await command.ExecuteScalarAsync();
                        Interlocked.Increment(ref queries);
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref errors);
                        return;
                    }
                }
            }));
        }
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref queries) > 200), "workers running");

        // The victim was the first client accepted by this pooler. Akka's Kill makes the actor throw
        // ActorKilledException inside its own mailbox run, so the crash goes through /clients' supervision
        // exactly as a product fault would, without a crash message in the product's protocol.
        pooler.Server.System.ActorSelection(pooler.Server.Clients.Path / "client-1").Tell(Kill.Instance);

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT 1", victim);
                await command.ExecuteScalarAsync();
                return false;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                return true;
            }
        }, "the crashed client's connection is closed");

        var before = Volatile.Read(ref queries);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref queries) > before + 200), "workers still running");
        stop.Cancel();
        await Task.WhenAll(workers);
        Assert.Equal(0, errors);
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "every backend returned");
    }
}
