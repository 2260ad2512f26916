using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Transaction;

/// <summary>The transaction pipeline: a backend per transaction, each client keeping its own session.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TransactionPipelineTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    private Task<PoolerHarness> StartAsync(int backends, Func<HarnessSettings, HarnessSettings>? configure = null) =>
        PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s =>
        {
            s = s with { MaxConnections = backends, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(30) };
            return configure is null ? s : configure(s);
        });

    [Fact]
    public async Task The_login_backend_goes_back_to_the_pool_and_each_transaction_holds_one_until_commit()
    {
        await using var pooler = await StartAsync(2);
        await using var connection = await pooler.OpenAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "login backend returned");
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Execute(connection, "SELECT 1");
            Assert.Equal(1, (await pooler.StatusAsync()).Active);
            await tx.CommitAsync();
        }
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "backend returned after commit");
    }

    [Fact]
    public async Task Thirty_clients_share_three_backends()
    {
        await using var pooler = await StartAsync(3);
        var connections = new List<NpgsqlConnection>();
        for (var i = 0; i < 30; i++)
        {
            connections.Add(await pooler.OpenAsync());
        }
        var work = connections.Select(async (connection, index) =>
        {
            for (var round = 0; round < 5; round++)
            {
                Assert.Equal(index * 100 + round, await Scalar<int>(connection, $"SELECT {index * 100 + round}"));
            }
        });
        await Task.WhenAll(work);
        Assert.True((await pooler.StatusAsync()).Total <= 3);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_hundred_pipelining_clients_over_five_backends_each_get_their_own_replies()
    {
        await using var pooler = await StartAsync(5);
        var clients = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => RawProtocolClient.ConnectAsync(pooler.Port, Postgres.User, Postgres.Database)));
        await Task.WhenAll(clients.Select(async (client, index) =>
        {
            for (var burst = 0; burst < 3; burst++)
            {
                // Several Query and Sync messages before reading anything: the backend must stay with this client until all replies are in.
                client.Query($"SELECT {index}, {burst}, 0").Parse("", $"SELECT {index}, {burst}, 1").Bind("", "").Execute().Sync().Query($"SELECT {index}, {burst}, 2");
                await client.FlushAsync();
                for (var part = 0; part < 3; part++)
                {
                    var replies = await client.ReadUntilReadyAsync();
                    Assert.Equal($"{index}/{burst}/{part}", string.Join("/", replies.FirstRow()));
                    Assert.Equal((byte)'I', replies[^1].Body[0]);
                }
            }
        }));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "every backend returned");
    }

    [Fact]
    public async Task An_open_transaction_left_by_a_client_is_rolled_back_and_the_backend_reused()
    {
        await using var pooler = await StartAsync(1);
        var table = "tx_left_" + Guid.NewGuid().ToString("N")[..8];
        await using (var setup = await pooler.OpenAsync())
        {
            await Execute(setup, $"CREATE TABLE {table} (v int)");
        }
        var leaver = await RawProtocolClient.ConnectAsync(pooler.Port, Postgres.User, Postgres.Database);
        var replies = await leaver.Query($"BEGIN; INSERT INTO {table} VALUES (1)").RoundTripAsync();
        Assert.Equal((byte)'T', replies[^1].Body[0]);
        await leaver.DisposeAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "backend returned");
        Assert.Equal(1, (await pooler.StatusAsync()).Total);
        await using var check = await pooler.OpenAsync();
        Assert.Equal(0L, await Scalar<long>(check, $"SELECT count(*) FROM {table}"));
        await Execute(check, $"DROP TABLE {table}");
    }

    [Fact]
    public async Task A_client_gone_in_the_middle_of_a_pipeline_has_its_backend_closed_and_others_carry_on()
    {
        await using var pooler = await StartAsync(2);
        var leaver = await RawProtocolClient.ConnectAsync(pooler.Port, Postgres.User, Postgres.Database);
        leaver.Query("SELECT pg_sleep(0.3)").Query("SELECT pg_sleep(0.3)");
        await leaver.FlushAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 1, "backend held");
        leaver.Abort();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "backend given up");
        for (var i = 0; i < 5; i++)
        {
            await using var connection = await pooler.OpenAsync();
            Assert.Equal(i, await Scalar<int>(connection, $"SELECT {i}"));
        }
    }

    [Fact]
    public async Task Cancel_reaches_the_backend_the_client_holds()
    {
        await using var pooler = await StartAsync(2);
        await using var connection = await pooler.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_sleep(30)", connection);
        var running = command.ExecuteNonQueryAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 1, "query running");
        command.Cancel();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => running);
        Assert.Equal("57014", (error as PostgresException ?? error.InnerException as PostgresException)?.SqlState);
        Assert.Equal(1, await Scalar<int>(connection, "SELECT 1"));
    }

    [Fact]
    public async Task A_cancel_for_a_client_holding_no_backend_is_dropped()
    {
        await using var pooler = await StartAsync(1);
        var idle = await RawProtocolClient.ConnectAsync(pooler.Port, Postgres.User, Postgres.Database);
        var busy = await RawProtocolClient.ConnectAsync(pooler.Port, Postgres.User, Postgres.Database);
        busy.Query("SELECT pg_sleep(1), 'done'");
        await busy.FlushAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 1, "query running");
        using (var cancel = new System.Net.Sockets.TcpClient())
        {
            await cancel.ConnectAsync("127.0.0.1", pooler.Port);
            var packet = new System.Buffers.ArrayBufferWriter<byte>();
            FrontendMessages.WriteCancelRequest(packet, idle.ProcessId, idle.SecretKey);
            await cancel.GetStream().WriteAsync(packet.WrittenMemory);
            Assert.Equal(0, await cancel.GetStream().ReadAsync(new byte[1]));
        }
        var replies = await busy.ReadUntilReadyAsync();
        Assert.Null(replies.SqlState());
        Assert.Equal("done", replies.FirstRow()[1]);
        await idle.DisposeAsync();
        await busy.DisposeAsync();
    }

    [Fact]
    public async Task Each_client_sees_its_own_session_parameters_on_a_shared_backend()
    {
        await using var pooler = await StartAsync(1);
        await using var york = await pooler.OpenAsync(extra: "Timezone=America/New_York;Application Name=york;Search Path=pg_catalog,public");
        await using var plain = await pooler.OpenAsync();
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal("America/New_York", await Scalar<string>(york, "SHOW TimeZone"));
            Assert.Equal("york", await Scalar<string>(york, "SHOW application_name"));
            Assert.Equal("pg_catalog,public", await Scalar<string>(york, "SHOW search_path"));
            Assert.NotEqual("America/New_York", await Scalar<string>(plain, "SHOW TimeZone"));
            Assert.Equal("", await Scalar<string>(plain, "SHOW application_name"));
            Assert.Equal("\"$user\", public", await Scalar<string>(plain, "SHOW search_path"));
        }
    }

    [Fact]
    public async Task A_set_inside_a_transaction_stays_with_its_client_only()
    {
        await using var pooler = await StartAsync(1);
        await using var setter = await pooler.OpenAsync();
        await using var other = await pooler.OpenAsync();
        var before = await Scalar<string>(other, "SHOW DateStyle");
        await Execute(setter, "SET DateStyle = 'SQL, DMY'; SET application_name = 'changed'");
        Assert.Equal(before, await Scalar<string>(other, "SHOW DateStyle"));
        Assert.Equal("", await Scalar<string>(other, "SHOW application_name"));
        Assert.Equal("SQL, DMY", await Scalar<string>(setter, "SHOW DateStyle"));
        Assert.Equal("changed", await Scalar<string>(setter, "SHOW application_name"));
    }

    [Fact]
    public async Task Copy_inside_a_transaction_moves_every_row()
    {
        await using var pooler = await StartAsync(2);
        var table = "copy_tx_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await pooler.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await Execute(connection, $"CREATE TEMP TABLE {table} (id int, name text) ON COMMIT DROP");
        Assert.Equal(5_000, await CopyRoundTrip.RunAsync(connection, table, 5_000));
        await tx.CommitAsync();
    }

    [Fact]
    public async Task Psql_and_pgbench_simple_run_through_the_pipeline()
    {
        await using var pooler = await StartAsync(4);
        var psql = await Psql.RunAsync("127.0.0.1", pooler.Port, Postgres.User, Postgres.Password, Postgres.Database, "SELECT 40 + 2", TimeSpan.FromSeconds(30));
        Assert.True(psql.ExitCode == 0, psql.Output);
        Assert.Equal("42", psql.Output.Trim());
        var bench = await PgBench.RunAsync("127.0.0.1", pooler.Port, Postgres.User, Postgres.Password, Postgres.Database,
            ["-n", "-c", "8", "-j", "2", "-t", "25", "-M", "simple"], TimeSpan.FromMinutes(2));
        Assert.True(bench.Succeeded, bench.Output);
        Assert.Equal(0L, bench.FailedTransactions ?? 0);
    }

    [Fact]
    public async Task Messages_larger_than_the_socket_buffer_pass_both_ways()
    {
        await using var pooler = await StartAsync(1);
        await using var client = await RawProtocolClient.ConnectAsync(pooler.Port, Postgres.User, Postgres.Database);
        var big = await client.Query("SELECT repeat('x', 10 * 1024 * 1024)").RoundTripAsync();
        Assert.Equal(10 * 1024 * 1024, big.FirstRow()[0]!.Length);
        var error = await client.Query("SELECT repeat('y', 2 * 1024 * 1024)::int").RoundTripAsync();
        Assert.Equal("22P02", error.SqlState());
        // An error the relay reads whole (under its 256 KiB inspect limit) that still spans several receives.
        var splitError = await client.Query("SELECT repeat('v', 200 * 1024)::int").RoundTripAsync();
        Assert.Equal("22P02", splitError.SqlState());
        var longText = new string('z', 2 * 1024 * 1024);
        var parsed = await client.Parse("long", $"SELECT length('{longText}')").Bind("", "long").Execute().Sync().RoundTripAsync();
        Assert.Equal((2 * 1024 * 1024).ToString(), parsed.FirstRow()[0]);
        Assert.Equal("1", (await client.Query("SELECT 1").RoundTripAsync()).FirstRow()[0]);
    }

    internal static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
