using Agroal.Actors.Clients;
using Agroal.Actors.Hosting;
using Akka.Actor;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Lifecycle;

[Collection(PostgresCollection.Name)]
public sealed class LifecycleTests(PostgresFixture fixture)
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task A_max_size_of_5_is_a_hard_cap_under_50_concurrent_clients()
    {
        const string user = "cap_user";
        await Postgres.CreateRoleAsync(user, "cap-secret");
        await Postgres.ExecuteScalarAsync($"GRANT CONNECT ON DATABASE {Postgres.Database} TO {user}");
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with
        {
            MaxConnections = 20,
            BlockingTimeout = TimeSpan.FromSeconds(60),
            Users = new Dictionary<string, string> { [Postgres.User] = Postgres.Password, [user] = "cap-secret" },
            FindLimit = (u, _) => u == user ? new PoolLimit(0, 5, 0, 0) : null,
        });
        using var stop = new CancellationTokenSource();
        var most = 0;
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                most = Math.Max(most, await Postgres.CountBackendsAsync(user: user));
                await Task.Delay(5);
            }
        });
        var clients = new List<Task>();
        for (var i = 0; i < 50; i++)
        {
            clients.Add(Task.Run(async () =>
            {
                await using var connection = await pooler.OpenAsync(user: user, password: "cap-secret");
                await using var command = new NpgsqlCommand("SELECT pg_sleep(0.02)", connection);
                await command.ExecuteNonQueryAsync();
            }));
        }
        await Task.WhenAll(clients);
        await stop.CancelAsync();
        await watcher;
        Assert.InRange(most, 1, 5);
        Assert.InRange(await Postgres.CountBackendsAsync(user: user), 0, 5);
    }

    [Fact]
    public async Task A_disabled_database_refuses_new_logins_with_connection_refused_while_existing_sessions_carry_on()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session);
        await using var existing = await pooler.OpenAsync();

        await pooler.Server.Pool.Ask<PoolProtocol.Done>(new PoolProtocol.DisableDatabase(Postgres.Database), Reply);

        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync());
        Assert.Equal("connection refused", error.MessageText);
        Assert.Equal(1, await Scalar(existing, "SELECT 1"));

        await pooler.Server.Pool.Ask<PoolProtocol.Done>(new PoolProtocol.EnableDatabase(Postgres.Database), Reply);
        await using var later = await pooler.OpenAsync();
        Assert.Equal(1, await Scalar(later, "SELECT 1"));
    }

    [Fact]
    public async Task Graceful_shutdown_refuses_new_logins_lets_an_open_transaction_finish_and_ends_when_the_last_client_leaves()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with
        {
            ConfigurePool = o => o with { FlushTimeout = TimeSpan.FromSeconds(60) },
        });
        var existing = await pooler.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN", existing))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var shutdown = GracefulShutdown.RunAsync(pooler.Server);
        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Lifecycle.RefusingNewClients), "shutdown begun");

        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync());
        Assert.Equal("connection refused", error.MessageText);
        Assert.Equal(1, await Scalar(existing, "SELECT 1"));
        await using (var commit = new NpgsqlCommand("COMMIT", existing))
        {
            await commit.ExecuteNonQueryAsync();
        }
        Assert.False(shutdown.IsCompleted);

        await existing.DisposeAsync();
        Assert.True(await shutdown.WaitAsync(Reply));
    }

    [Fact]
    public async Task Disconnect_client_ends_an_idle_session_and_spares_one_waiting_for_an_answer()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with
        {
            ConfigurePool = o => o with { DisconnectClient = TimeSpan.FromSeconds(1) },
        });
        await using var idle = await pooler.OpenAsync();
        await using var busy = await pooler.OpenAsync();

        var slow = Scalar(busy, "SELECT 1 FROM pg_sleep(3)");
        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Services.Counters.Active == 1), "idle client disconnected", seconds: 10);

        Assert.Equal(1, await slow);
        await Assert.ThrowsAnyAsync<Exception>(() => Scalar(idle, "SELECT 1"));
    }

    [Theory]
    [InlineData(PipelineKind.Transaction)]
    [InlineData(PipelineKind.Session)]
    public async Task Disconnecting_every_client_ends_one_idle_in_its_relay(PipelineKind pipeline)
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, pipeline);
        await using var idle = await pooler.OpenAsync();
        Assert.Equal(1, await Scalar(idle, "SELECT 1"));

        // The relay waits in a read of the idle client: only the session's stop can wake it (the listener still runs).
        pooler.Server.Clients.Tell(ClientProtocol.DisconnectAll.Instance);

        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Services.Counters.Active == 0), "the idle client's session ended", seconds: 20);
        await Assert.ThrowsAnyAsync<Exception>(() => Scalar(idle, "SELECT 1"));
    }

    [Fact]
    public async Task Disconnect_client_force_also_ends_a_session_waiting_for_an_answer()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with
        {
            ConfigurePool = o => o with { DisconnectClient = TimeSpan.FromSeconds(1), DisconnectClientForce = true },
        });
        await using var busy = await pooler.OpenAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => Scalar(busy, "SELECT 1 FROM pg_sleep(5)"));
        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Services.Counters.Active == 0), "client disconnected");
    }

    [Fact]
    public async Task An_alias_and_its_database_share_backends()
    {
        var database = Postgres.Database;
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with
        {
            ConfigureClients = o => o with { ResolveDatabase = name => name == "agroal_alias" ? database : name },
            FindLimit = (_, _) => new PoolLimit(0, 1, 0, 0),
        });
        int aliasPid;
        await using (var viaAlias = await pooler.OpenAsync(database: "agroal_alias"))
        {
            aliasPid = await Scalar(viaAlias, "SELECT pg_backend_pid()");
        }
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "backend returned");
        await using var direct = await pooler.OpenAsync();
        Assert.Equal(aliasPid, await Scalar(direct, "SELECT pg_backend_pid()"));
    }

    private static async Task<int> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
