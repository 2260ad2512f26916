using Agroal.Actors.Clients;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

[Collection(PostgresCollection.Name)]
public sealed class PoolLimitsTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Acquire_when_pool_exhausted_queues_until_release()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with { MaxConnections = 2 });
        var first = await pooler.OpenAsync();
        var second = await pooler.OpenAsync();
        var third = pooler.OpenAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Waiting == 1, "pool state");
        Assert.False(third.IsCompleted);
        await first.DisposeAsync();
        await using var served = await third;
        Assert.Equal(System.Data.ConnectionState.Open, served.State);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task A_waiter_gets_53300_connection_pool_is_full_after_blocking_timeout()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session,
            s => s with { MaxConnections = 1, BlockingTimeout = TimeSpan.FromMilliseconds(300) });
        await using var holder = await pooler.OpenAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync());
        Assert.Equal("53300", error.SqlState);
        Assert.Equal("connection pool is full", error.MessageText);
    }

    [Fact]
    public async Task Waiters_are_served_in_arrival_order()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with { MaxConnections = 1 });
        var holder = await pooler.OpenAsync();
        var order = new List<int>();
        var waiters = new List<Task>();
        for (var i = 0; i < 3; i++)
        {
            var index = i;
            waiters.Add(Task.Run(async () =>
            {
                await using var connection = await pooler.OpenAsync();
                lock (order)
                {
                    order.Add(index);
                }
            }));
            await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Waiting == index + 1, "pool state");
        }
        await holder.DisposeAsync();
        await Task.WhenAll(waiters);
        Assert.Equal([0, 1, 2], order);
    }

    [Fact]
    public async Task A_free_backend_of_another_user_is_evicted_when_that_is_the_only_way_to_serve_a_waiter()
    {
        const string other = "evict_other";
        await Postgres.CreateRoleAsync(other, "other-secret");
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with
        {
            MaxConnections = 1,
            Users = new Dictionary<string, string> { [Postgres.User] = Postgres.Password, [other] = "other-secret" },
        });
        await using (var first = await pooler.OpenAsync(user: other, password: "other-secret", database: "postgres"))
        {
            await using var command = new NpgsqlCommand("SELECT 1", first);
            await command.ExecuteScalarAsync();
        }
        await using var second = await pooler.OpenAsync();
        var status = await pooler.StatusAsync();
        Assert.Single(status.Slots);
        Assert.Equal(Postgres.User, status.Slots[0].User);
    }

    [Fact]
    public async Task An_unreachable_server_gives_a_clear_error_and_the_next_client_tries_again()
    {
        var deadPort = FreePort.Get();
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session,
            s => s with { Server = new ServerEndpoint("dead", "127.0.0.1", deadPort, PrimaryHint: true) });
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync());
            Assert.Equal("08006", error.SqlState);
            Assert.Contains("connection refused", error.MessageText);
        }
        var status = await pooler.StatusAsync();
        Assert.Equal(0, status.Total);
        Assert.Equal(2, pooler.Server.PoolCounters.Error);
    }

    [Fact]
    public async Task Idle_backends_are_reused_most_recently_used_first()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with { MaxConnections = 3 });
        var a = await pooler.OpenAsync();
        var b = await pooler.OpenAsync();
        var pidA = await BackendPid(a);
        var pidB = await BackendPid(b);
        await a.DisposeAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 1, "first backend returned");
        await b.DisposeAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "second backend returned");
        await using var next = await pooler.OpenAsync();
        Assert.Equal(pidB, await BackendPid(next));
        Assert.NotEqual(pidA, pidB);
    }


    private static async Task<int> BackendPid(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
