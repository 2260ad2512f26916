using Agroal.Actors.Clients;
using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>
/// With every backend leased, queued clients wait on their key's lane and a returning session hands its backend to
/// the first of them directly; arrival order, blocking_timeout and the status counts hold as through the pool manager.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LaneHandOffTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Transactions_queued_behind_busy_backends_park_on_the_lane_and_run_in_arrival_order()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s => s with { MaxConnections = 2, BlockingTimeout = TimeSpan.FromSeconds(60) });
        var lanes = pooler.Server.Services.Lanes!;
        // Logged in (and Npgsql's type loading done) while backends are free.
        await using var third = await pooler.OpenAsync();
        await using var fourth = await pooler.OpenAsync();
        await using var first = await pooler.OpenAsync();
        var firstTransaction = await BeginAsync(first);
        await using var second = await pooler.OpenAsync();
        var secondTransaction = await BeginAsync(second);

        // The server's clock orders the two queued transactions as PostgreSQL ran them.
        const string now = "SELECT (extract(epoch from clock_timestamp()) * 1000000)::bigint";
        var thirdRan = ScalarInt64Async(third, now);
        await Eventually.TrueAsync(() => Task.FromResult(lanes.Parked == 1), "the third client parked on the lane");
        var fourthRan = ScalarInt64Async(fourth, now);
        await Eventually.TrueAsync(() => Task.FromResult(lanes.Parked == 2), "the fourth client parked behind it");
        // Status counts parked clients as waiting (the manager takes its queue back to answer, then lends it again).
        Assert.Equal(2, (await pooler.StatusAsync()).Waiting);
        await Eventually.TrueAsync(() => Task.FromResult(lanes.Parked == 2), "the queue lent to the lane again");

        await firstTransaction.CommitAsync();

        Assert.True(await thirdRan < await fourthRan, "the first parked transaction ran first");
        Assert.Equal(0, lanes.Parked);
        await secondTransaction.CommitAsync();
        Assert.True((await pooler.StatusAsync()).Total <= 2);
    }

    [Fact]
    public async Task Sessions_queued_behind_busy_backends_park_on_the_lane_and_are_handed_backends_in_arrival_order()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with { MaxConnections = 2, BlockingTimeout = TimeSpan.FromSeconds(60) });
        var lanes = pooler.Server.Services.Lanes!;
        var first = await pooler.OpenAsync();
        var second = await pooler.OpenAsync();

        var third = pooler.OpenAsync();
        await Eventually.TrueAsync(() => Task.FromResult(lanes.Parked == 1), "the third client parked on the lane");
        var fourth = pooler.OpenAsync();
        await Eventually.TrueAsync(() => Task.FromResult(lanes.Parked == 2), "the fourth client parked behind it");

        await first.DisposeAsync();
        await using var thirdConnection = await third;
        Assert.False(fourth.IsCompleted);
        Assert.Equal(1, lanes.Parked);
        await second.DisposeAsync();
        await using var fourthConnection = await fourth;

        Assert.Equal(1, await ScalarAsync(thirdConnection, "SELECT 1"));
        Assert.Equal(2, await ScalarAsync(fourthConnection, "SELECT 2"));
        Assert.Equal(0, lanes.Parked);
    }

    [Fact]
    public async Task A_parked_client_gets_53300_at_blocking_timeout_and_the_pool_keeps_serving()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction,
            s => s with { MaxConnections = 1, BlockingTimeout = TimeSpan.FromSeconds(2) });
        var lanes = pooler.Server.Services.Lanes!;
        await using var holder = await pooler.OpenAsync();
        var transaction = await BeginAsync(holder);

        var refused = pooler.OpenAsync();
        await Eventually.TrueAsync(() => Task.FromResult(lanes.Parked == 1 || refused.IsCompleted), "the client parked on the lane");
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused);
        Assert.Equal("53300", error.SqlState);
        Assert.Equal("connection pool is full", error.MessageText);
        Assert.Equal(0, lanes.Parked);

        var served = pooler.OpenAsync();
        await Eventually.TrueAsync(() => Task.FromResult(lanes.Parked == 1 || served.IsCompleted), "the next client parked");
        await transaction.CommitAsync();
        await using var connection = await served;
        Assert.Equal(3, await ScalarAsync(connection, "SELECT 3"));
    }

    [Fact]
    public async Task Many_clients_over_few_backends_all_finish_and_every_backend_comes_back()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction,
            s => s with { MaxConnections = 3, BlockingTimeout = TimeSpan.FromSeconds(60) });
        var connections = new NpgsqlConnection[30];
        for (var i = 0; i < connections.Length; i++)
        {
            connections[i] = await pooler.OpenAsync();
        }
        var sums = await Task.WhenAll(connections.Select(async (connection, index) =>
        {
            long sum = 0;
            for (var round = 0; round < 50; round++)
            {
                sum += await ScalarAsync(connection, $"SELECT {index}");
            }
            return sum;
        }));
        for (var i = 0; i < connections.Length; i++)
        {
            Assert.Equal(50L * i, sums[i]);
            await connections[i].DisposeAsync();
        }
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()) is { Active: 0, Waiting: 0 } && pooler.Server.Services.Lanes!.Parked == 0,
            "every backend returned and nobody parked");
    }

    private static async Task<long> ScalarInt64Async(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection connection)
    {
        var transaction = await connection.BeginTransactionAsync();
        await ScalarAsync(connection, "SELECT 1");
        return transaction;
    }

    private static async Task<int> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
