using System.Text;
using Agroal.Actors.Clients;
using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>What any client must see through the pooler, in every pipeline that holds a backend per session.</summary>
public abstract class PooledClientBehaviour : IAsyncLifetime
{
    private readonly PostgresFixture _fixture;
    private PoolerHarness? _pooler;

    protected PooledClientBehaviour(PostgresFixture fixture)
    {
        _fixture = fixture;
    }

    protected abstract PipelineKind Pipeline { get; }

    protected PoolerHarness Pooler => _pooler!;

    protected PostgresServer Postgres => _fixture.Server;

    public async Task InitializeAsync() => _pooler = await PoolerHarness.StartAsync(_fixture.Server, Pipeline, s => s with { MaxConnections = 8 });

    public async Task DisposeAsync()
    {
        if (_pooler is not null)
        {
            await _pooler.DisposeAsync();
        }
    }

    [Fact]
    public async Task Psql_select_through_the_pooler_returns_the_answer()
    {
        var result = await Psql.RunAsync("127.0.0.1", Pooler.Port, Postgres.User, Postgres.Password, Postgres.Database, "SELECT 40 + 2", TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("42", result.Output.Trim());
    }

    [Fact]
    public async Task Npgsql_parameters_round_trip()
    {
        await using var connection = await Pooler.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT $1::int + 1, $2::text || '!'", connection);
        command.Parameters.AddWithValue(41);
        command.Parameters.AddWithValue("hello");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(42, reader.GetInt32(0));
        Assert.Equal("hello!", reader.GetString(1));
    }

    [Fact]
    public async Task Query_and_transaction_latencies_are_recorded_from_the_relay()
    {
        var counters = Pooler.Server.Services.Counters;
        var queriesBefore = Total(counters.QueryLatency);
        var transactionsBefore = Total(counters.TransactionLatency);
        await using (var connection = await Pooler.OpenAsync())
        {
            await Execute(connection, "SELECT 1");
            await using var tx = await connection.BeginTransactionAsync();
            await Execute(connection, "SELECT 2");
            await tx.CommitAsync();
        }
        Assert.True(Total(counters.QueryLatency) >= queriesBefore + 3);
        Assert.True(Total(counters.TransactionLatency) >= transactionsBefore + 1);
    }

    private static long Total(Prometheus.Histogram histogram) => histogram.Count;

    [Fact]
    public async Task Transactions_commit_and_roll_back_as_asked()
    {
        var table = "tx_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await Pooler.OpenAsync();
        await Execute(connection, $"CREATE TABLE {table} (v int)");
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Execute(connection, $"INSERT INTO {table} VALUES (1)");
            await tx.CommitAsync();
        }
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Execute(connection, $"INSERT INTO {table} VALUES (2)");
            await tx.RollbackAsync();
        }
        Assert.Equal(1L, await Scalar<long>(connection, $"SELECT count(*) FROM {table}"));
        await Execute(connection, $"DROP TABLE {table}");
    }

    [Fact]
    public async Task Copy_in_and_out_move_every_row()
    {
        var table = "copy_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await Pooler.OpenAsync();
        await Execute(connection, $"CREATE TEMP TABLE {table} (id int, name text)");
        Assert.Equal(10_000, await CopyRoundTrip.RunAsync(connection, table, 10_000));
    }

    [Fact]
    public async Task A_ten_megabyte_result_arrives_whole()
    {
        await using var connection = await Pooler.OpenAsync();
        var text = await Scalar<string>(connection, "SELECT repeat('x', 10 * 1024 * 1024)");
        Assert.Equal(10 * 1024 * 1024, text.Length);
        Assert.Equal(1, await Scalar<int>(connection, "SELECT 1"));
    }

    [Fact]
    public async Task Cancel_stops_a_running_pg_sleep()
    {
        await using var connection = await Pooler.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_sleep(30)", connection);
        var running = command.ExecuteNonQueryAsync();
        await Task.Delay(500);
        command.Cancel();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => running);
        var postgresError = error as PostgresException ?? error.InnerException as PostgresException;
        Assert.NotNull(postgresError);
        Assert.Equal("57014", postgresError!.SqlState);
        Assert.Equal(1, await Scalar<int>(connection, "SELECT 1"));
    }

    [Fact]
    public async Task Show_application_name_returns_what_the_client_sent()
    {
        await using (var first = await Pooler.OpenAsync(extra: "Application Name=first-app"))
        {
            Assert.Equal("first-app", await Scalar<string>(first, "SHOW application_name"));
        }
        await using (var second = await Pooler.OpenAsync(extra: "Application Name=second-app"))
        {
            Assert.Equal("second-app", await Scalar<string>(second, "SHOW application_name"));
        }
        await using var third = await Pooler.OpenAsync();
        Assert.Equal("", await Scalar<string>(third, "SHOW application_name"));
    }

    [Fact]
    public async Task A_backend_logs_in_with_the_opening_clients_application_name_and_a_client_without_one_still_sees_none()
    {
        int pid;
        await using (var opening = await Pooler.OpenAsync(extra: "Application Name=opening-app"))
        {
            pid = await Scalar<int>(opening, "SELECT pg_backend_pid()");
        }
        // Idle in the pool after the client left, the backend shows its login values: the opening client's name.
        await Eventually.TrueAsync(async () => await Postgres.ExecuteScalarAsync($"SELECT application_name FROM pg_stat_activity WHERE pid = {pid}") == "opening-app",
            "the pooled backend shows the opening client's application_name", seconds: 15);

        await using var nameless = await Pooler.OpenAsync();
        Assert.Equal(pid, await Scalar<int>(nameless, "SELECT pg_backend_pid()"));
        Assert.Equal("", await Scalar<string>(nameless, "SHOW application_name"));
    }

    [Fact]
    public async Task Session_parameters_from_the_startup_packet_reach_the_backend()
    {
        await using var connection = await Pooler.OpenAsync(extra: "Timezone=America/New_York;Search Path=pg_catalog,public");
        Assert.Equal("America/New_York", await Scalar<string>(connection, "SHOW TimeZone"));
        Assert.Equal("pg_catalog,public", await Scalar<string>(connection, "SHOW search_path"));
        await connection.CloseAsync();
        await using var next = await Pooler.OpenAsync();
        Assert.NotEqual("America/New_York", await Scalar<string>(next, "SHOW TimeZone"));
    }

    [Fact]
    public async Task Session_state_is_never_visible_to_the_next_client()
    {
        for (var round = 0; round < 3; round++)
        {
            await using var connection = await Pooler.OpenAsync();
            Assert.Equal("on", await Scalar<string>(connection, "SHOW enable_seqscan"));
            Assert.Equal(0L, await Scalar<long>(connection, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"));
            // Only this session's temp schema: the previous client's backend may still be resetting beside it.
            Assert.Equal(0L, await Scalar<long>(connection, "SELECT count(*) FROM pg_class WHERE relname = 'leftover' AND relnamespace = pg_my_temp_schema()"));
            await Execute(connection, "SET enable_seqscan = off");
            await Execute(connection, "CREATE TEMP TABLE leftover (v int)");
            await Scalar<object>(connection, "SELECT pg_advisory_lock(4242)");
        }
    }

    [Fact]
    public async Task An_open_transaction_left_by_a_client_is_rolled_back()
    {
        var table = "open_" + Guid.NewGuid().ToString("N")[..8];
        await using (var setup = await Pooler.OpenAsync())
        {
            await Execute(setup, $"CREATE TABLE {table} (v int)");
        }
        await using (var leaver = await Pooler.OpenAsync())
        {
            await Execute(leaver, "BEGIN");
            await Execute(leaver, $"INSERT INTO {table} VALUES (1)");
        }
        await using var check = await Pooler.OpenAsync();
        Assert.Equal(0L, await Scalar<long>(check, $"SELECT count(*) FROM {table}"));
        await Execute(check, $"DROP TABLE {table}");
    }

    [Fact]
    public async Task A_client_killed_mid_query_leaves_the_pool_serving_others()
    {
        var psql = new System.Diagnostics.ProcessStartInfo(Psql.FindTool("psql"))
        {
            ArgumentList = { "-AtX", "-h", "127.0.0.1", "-p", Pooler.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", Postgres.User, "-d", Postgres.Database, "-c", "SELECT pg_sleep(20)" },
            Environment = { ["PGPASSWORD"] = Postgres.Password, ["PGSSLMODE"] = "disable" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var killed = System.Diagnostics.Process.Start(psql)!)
        {
            await Eventually.TrueAsync(async () => (await Pooler.StatusAsync()).Active >= 1, "pool state");
            killed.Kill();
            await killed.WaitForExitAsync();
        }
        // The backend was mid-query: it must be closed, never handed to the next client.
        await Eventually.TrueAsync(async () => (await Pooler.StatusAsync()).Active == 0, "pool state");
        for (var i = 0; i < 10; i++)
        {
            await using var connection = await Pooler.OpenAsync();
            Assert.Equal(i, await Scalar<int>(connection, $"SELECT {i}"));
        }
    }


    [Fact]
    public async Task A_wrong_password_is_refused_with_28P01()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => Pooler.OpenAsync(password: "not-the-password"));
        Assert.Equal("28P01", error.SqlState);
        Assert.Contains($"password authentication failed for user \"{Postgres.User}\"", error.MessageText);
    }

    [Fact]
    public async Task An_unknown_database_gets_the_server_error_and_the_pool_carries_on()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => Pooler.OpenAsync(database: "no_such_db"));
        Assert.Equal("3D000", error.SqlState);
        await using var connection = await Pooler.OpenAsync();
        Assert.Equal(1, await Scalar<int>(connection, "SELECT 1"));
    }

    [Theory]
    [InlineData("-S")]
    [InlineData("-C -S")]
    [InlineData("")]
    public async Task Pgbench_runs_without_failed_transactions(string mode)
    {
        var args = new List<string> { "-n", "-c", "4", "-j", "2", "-t", "150", "-M", "simple" };
        args.InsertRange(0, mode.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var result = await PgBench.RunAsync("127.0.0.1", Pooler.Port, Postgres.User, Postgres.Password, Postgres.Database, [.. args], TimeSpan.FromMinutes(2));
        Assert.True(result.Succeeded, result.Output);
        Assert.Equal(0L, result.FailedTransactions ?? 0);
    }

    protected static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return (T)value!;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class SessionPipelineTests(PostgresFixture fixture) : PooledClientBehaviour(fixture)
{
    protected override PipelineKind Pipeline => PipelineKind.Session;

    [Fact]
    public async Task A_backend_reset_after_a_client_keeps_that_clients_application_name_and_nothing_else()
    {
        int pid;
        await using (var opening = await Pooler.OpenAsync(extra: "Application Name=opening-app"))
        {
            pid = await Scalar<int>(opening, "SELECT pg_backend_pid()");
        }
        // Each client's backend is reset and back in the pool before the next client asks, so that it gets the same one.
        await BackendReturned();
        await using (var second = await Pooler.OpenAsync(extra: "Application Name=second-app;Timezone=America/New_York"))
        {
            Assert.Equal(pid, await Scalar<int>(second, "SELECT pg_backend_pid()"));
            await Execute(second, "SET application_name = 'changed-in-session'");
        }
        await BackendReturned();
        // Idle again, the backend carries the leaving client's startup name, not its login one nor the one set later.
        await Eventually.TrueAsync(async () => await Postgres.ExecuteScalarAsync($"SELECT application_name FROM pg_stat_activity WHERE pid = {pid}") == "second-app",
            "the reset backend shows the last client's application_name");

        await using (var same = await Pooler.OpenAsync(extra: "Application Name=second-app"))
        {
            Assert.Equal(pid, await Scalar<int>(same, "SELECT pg_backend_pid()"));
            Assert.Equal("second-app", await Scalar<string>(same, "SHOW application_name"));
            // The leaving client's other settings went with the reset.
            Assert.NotEqual("America/New_York", await Scalar<string>(same, "SHOW TimeZone"));
        }
        await BackendReturned();
        await using var nameless = await Pooler.OpenAsync();
        Assert.Equal(pid, await Scalar<int>(nameless, "SELECT pg_backend_pid()"));
        Assert.Equal("", await Scalar<string>(nameless, "SHOW application_name"));
    }

    private Task BackendReturned() =>
        Eventually.TrueAsync(async () => (await Pooler.StatusAsync()).Active == 0, "the backend is back in the pool");

    [Fact]
    public async Task Listen_and_notify_deliver_within_a_session()
    {
        await using var listener = await Pooler.OpenAsync();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => received.TrySetResult(e.Payload);
        await Execute(listener, "LISTEN agroal_channel");
        await using (var sender = await Pooler.OpenAsync())
        {
            await Execute(sender, "NOTIFY agroal_channel, 'ping'");
        }
        var waiting = listener.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ping", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await waiting;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PerformancePipelineTests(PostgresFixture fixture) : PooledClientBehaviour(fixture)
{
    protected override PipelineKind Pipeline => PipelineKind.Performance;
}
