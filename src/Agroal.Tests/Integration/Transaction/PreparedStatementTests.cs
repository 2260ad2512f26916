using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Transaction;

/// <summary>Protocol-level named prepared statements across transactions and backends (max_prepared_statements).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PreparedStatementTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    private Task<PoolerHarness> StartAsync(int backends, int maxPrepared = 200) =>
        PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s => s with
        {
            MaxConnections = backends,
            Method = HbaMethod.Trust,
            BlockingTimeout = TimeSpan.FromSeconds(60),
            MaxPreparedStatements = maxPrepared,
        });

    private Task<RawProtocolClient> ConnectAsync(PoolerHarness pooler) => RawProtocolClient.ConnectAsync(pooler.Port, Postgres.User, Postgres.Database);

    [Theory]
    [InlineData("prepared", 100)]
    [InlineData("extended", 100)]
    [InlineData("prepared", 50)]
    public async Task Pgbench_select_only_runs_with_many_clients_over_ten_backends(string mode, int clients)
    {
        await using var pooler = await StartAsync(10);
        var result = await PgBench.RunAsync("127.0.0.1", pooler.Port, Postgres.User, Postgres.Password, Postgres.Database,
            ["-n", "-S", "-M", mode, "-c", clients.ToString(), "-j", "2", "-t", "20"], TimeSpan.FromMinutes(3));
        Assert.True(result.Succeeded, result.Output);
        Assert.Equal(0L, result.FailedTransactions ?? 0);
        Assert.True((await pooler.StatusAsync()).Total <= 10);
    }

    [Theory]
    [InlineData("Max Auto Prepare=10;Auto Prepare Min Usages=2", false)]
    [InlineData(null, true)]
    public async Task Npgsql_prepared_commands_work_for_twenty_connections_over_five_backends(string? extra, bool explicitPrepare)
    {
        await using var pooler = await StartAsync(5);
        var connections = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => pooler.OpenAsync(extra: extra)));
        await Task.WhenAll(connections.Select(async (connection, index) =>
        {
            await using var add = new NpgsqlCommand("SELECT $1::int + $2::int", connection);
            add.Parameters.AddWithValue(0);
            add.Parameters.AddWithValue(0);
            await using var text = new NpgsqlCommand("SELECT $1::text || ':' || current_setting('application_name')", connection);
            text.Parameters.AddWithValue("");
            if (explicitPrepare)
            {
                await add.PrepareAsync();
                await text.PrepareAsync();
            }
            for (var i = 0; i < 30; i++)
            {
                add.Parameters[0].Value = index;
                add.Parameters[1].Value = i;
                Assert.Equal(index + i, (int)(await add.ExecuteScalarAsync())!);
                text.Parameters[0].Value = $"c{index}";
                Assert.Equal($"c{index}:", (string)(await text.ExecuteScalarAsync())!);
            }
        }));
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task One_name_for_different_statements_in_two_clients_keeps_each_clients_meaning()
    {
        await using var pooler = await StartAsync(1);
        await using var first = await ConnectAsync(pooler);
        await using var second = await ConnectAsync(pooler);
        Assert.Equal("1Z", (await first.Parse("s1", "SELECT 'first'").Sync().RoundTripAsync()).Tags());
        Assert.Equal("1Z", (await second.Parse("s1", "SELECT 'second'").Sync().RoundTripAsync()).Tags());
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal("first", (await first.Bind("", "s1").Execute().Sync().RoundTripAsync()).FirstRow()[0]);
            Assert.Equal("second", (await second.Bind("", "s1").Execute().Sync().RoundTripAsync()).FirstRow()[0]);
        }
    }

    [Fact]
    public async Task A_statement_prepared_on_one_backend_is_replayed_on_another()
    {
        await using var pooler = await StartAsync(2);
        await using var client = await ConnectAsync(pooler);
        await using var holder = await ConnectAsync(pooler);
        Assert.Null((await client.Parse("mine", "SELECT 42").Sync().RoundTripAsync()).SqlState());
        // The other client keeps the first backend busy, so the next transaction runs on a backend that never saw "mine".
        Assert.Equal((byte)'T', (await holder.Query("BEGIN").RoundTripAsync())[^1].Body[0]);
        var replies = await client.Bind("", "mine").Execute().Sync().RoundTripAsync();
        Assert.Equal("2DCZ", replies.Tags());
        Assert.Equal("42", replies.FirstRow()[0]);
        var described = await client.Describe(FrontendMessages.StatementKind, "mine").Sync().RoundTripAsync();
        Assert.Equal("tTZ", described.Tags());
        await holder.Query("COMMIT").RoundTripAsync();
    }

    [Fact]
    public async Task Two_clients_with_the_same_statement_share_one_backend_statement_and_close_is_answered_by_the_pooler()
    {
        await using var pooler = await StartAsync(1);
        await using var first = await ConnectAsync(pooler);
        await using var second = await ConnectAsync(pooler);
        Assert.Equal("1Z", (await first.Parse("a", "SELECT 7").Sync().RoundTripAsync()).Tags());
        Assert.Equal("1Z", (await second.Parse("b", "SELECT 7").Sync().RoundTripAsync()).Tags());
        Assert.Equal("3Z", (await first.Close(FrontendMessages.StatementKind, "a").Sync().RoundTripAsync()).Tags());
        Assert.Equal("7", (await second.Bind("", "b").Execute().Sync().RoundTripAsync()).FirstRow()[0]);
        Assert.Equal("1", (await second.Query("SELECT count(*) FROM pg_prepared_statements").RoundTripAsync()).FirstRow()[0]);
        Assert.Equal("26000", (await first.Bind("", "a").Execute().Sync().RoundTripAsync()).SqlState());
    }

    [Fact]
    public async Task Three_hundred_statements_with_a_limit_of_fifty_are_evicted_least_recently_used_first()
    {
        await using var pooler = await StartAsync(2, maxPrepared: 50);
        await using var client = await ConnectAsync(pooler);
        for (var i = 0; i < 300; i++)
        {
            var replies = await client.Parse($"s{i}", $"SELECT {i}").Bind("", $"s{i}").Execute().Sync().RoundTripAsync();
            Assert.Equal(i.ToString(), replies.FirstRow()[0]);
        }
        Assert.Equal("50", (await client.Query("SELECT count(*) FROM pg_prepared_statements").RoundTripAsync()).FirstRow()[0]);
        for (var i = 299; i >= 0; i -= 7)
        {
            var replies = await client.Bind("", $"s{i}").Execute().Sync().RoundTripAsync();
            Assert.Equal("2DCZ", replies.Tags());
            Assert.Equal(i.ToString(), replies.FirstRow()[0]);
        }
        var counted = int.Parse((await client.Query("SELECT count(*) FROM pg_prepared_statements").RoundTripAsync()).FirstRow()[0]!);
        Assert.True(counted <= 50, $"{counted} statements on the backend");
    }

    [Fact]
    public async Task An_error_in_the_middle_of_a_batch_skips_to_sync_and_keeps_the_bookkeeping_true()
    {
        await using var pooler = await StartAsync(1);
        await using var client = await ConnectAsync(pooler);
        var replies = await client
            .Parse("good", "SELECT 1").Bind("", "good").Execute()
            .Parse("", "SELECT 1/0").Bind("", "").Execute() // PostgreSQL folds 1/0 while planning: Bind fails
            .Parse("after", "SELECT 2").Bind("", "after").Execute()
            .Sync().RoundTripAsync();
        Assert.Equal("12DC1EZ", replies.Tags());
        Assert.Equal("22012", replies.SqlState());
        Assert.Equal("1", (await client.Bind("", "good").Execute().Sync().RoundTripAsync()).FirstRow()[0]);
        // "after" was skipped by the server, so it does not exist for the client either, and may be prepared anew.
        Assert.Equal("26000", (await client.Bind("", "after").Execute().Sync().RoundTripAsync()).SqlState());
        Assert.Equal("12DCZ", (await client.Parse("after", "SELECT 2").Bind("", "after").Execute().Sync().RoundTripAsync()).Tags());
    }

    [Fact]
    public async Task A_failed_parse_leaves_nothing_registered()
    {
        await using var pooler = await StartAsync(1);
        await using var client = await ConnectAsync(pooler);
        Assert.Equal("42601", (await client.Parse("broken", "SELEKT 1").Bind("", "broken").Execute().Sync().RoundTripAsync()).SqlState());
        Assert.Equal("26000", (await client.Bind("", "broken").Execute().Sync().RoundTripAsync()).SqlState());
        Assert.Equal("12DCZ", (await client.Parse("broken", "SELECT 3").Bind("", "broken").Execute().Sync().RoundTripAsync()).Tags());
    }

    [Theory]
    [InlineData("DISCARD ALL")]
    [InlineData("deallocate all")]
    public async Task Discard_all_and_deallocate_all_clear_the_clients_statements(string reset)
    {
        await using var pooler = await StartAsync(1);
        await using var client = await ConnectAsync(pooler);
        Assert.Null((await client.Parse("kept", "SELECT 5").Sync().RoundTripAsync()).SqlState());
        Assert.Null((await client.Query(reset).RoundTripAsync()).SqlState());
        Assert.Equal("26000", (await client.Bind("", "kept").Execute().Sync().RoundTripAsync()).SqlState());
        // Pipelined after the reset, as a driver re-preparing after DISCARD ALL does: the statement is sent again, not assumed.
        client.Query(reset).Parse("kept", "SELECT 5").Bind("", "kept").Execute().Sync();
        await client.FlushAsync();
        Assert.Null((await client.ReadUntilReadyAsync()).SqlState());
        var replies = await client.ReadUntilReadyAsync();
        Assert.Equal("12DCZ", replies.Tags());
    }

    [Fact]
    public async Task A_client_leaving_mid_transaction_with_statements_leaves_a_clean_backend()
    {
        await using var pooler = await StartAsync(1);
        var leaver = await ConnectAsync(pooler);
        Assert.Null((await leaver.Query("BEGIN").Parse("p", "SELECT 1").Sync().RoundTripAsync()).SqlState());
        await leaver.ReadUntilReadyAsync();
        await leaver.DisposeAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "backend returned");
        await using var next = await ConnectAsync(pooler);
        var replies = await next.Parse("p", "SELECT 2").Bind("", "p").Execute().Sync().RoundTripAsync();
        Assert.Equal("2", replies.FirstRow()[0]);
        Assert.Equal((byte)'I', replies[^1].Body[0]);
        Assert.Equal(1, (await pooler.StatusAsync()).Total);
    }

    [Fact]
    public async Task Server_reset_query_always_resets_each_released_backend_and_statements_are_replayed_after_it()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s => s with
        {
            MaxConnections = 1, Method = HbaMethod.Trust, ServerResetQueryAlways = true,
        });
        await using var client = await ConnectAsync(pooler);
        Assert.Null((await client.Parse("s", "SELECT 11").Query("CREATE TEMP TABLE gone (v int)").RoundTripAsync()).SqlState());
        var counts = await client.Query("SELECT (SELECT count(*) FROM pg_prepared_statements), (SELECT count(*) FROM pg_class WHERE relname = 'gone')").RoundTripAsync();
        Assert.Equal("0/0", string.Join("/", counts.FirstRow()));
        Assert.Equal("11", (await client.Bind("", "s").Execute().Sync().RoundTripAsync()).FirstRow()[0]);
    }

    [Fact]
    public async Task With_the_limit_at_zero_named_statements_pass_through_and_track_prepared_statements_deallocates()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s => s with
        {
            MaxConnections = 1, Method = HbaMethod.Trust, MaxPreparedStatements = 0, TrackPreparedStatements = true,
        });
        await using var client = await ConnectAsync(pooler);
        Assert.Equal("12DCZ", (await client.Parse("raw", "SELECT 9").Bind("", "raw").Execute().Sync().RoundTripAsync()).Tags());
        await using var other = await ConnectAsync(pooler);
        Assert.Equal("0", (await other.Query("SELECT count(*) FROM pg_prepared_statements").RoundTripAsync()).FirstRow()[0]);
    }
}
