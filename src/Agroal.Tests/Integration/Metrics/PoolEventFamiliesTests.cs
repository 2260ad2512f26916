using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Akka.Actor;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Metrics;

/// <summary>Each pool-event family moved by its real cause, through a pooler in front of PostgreSQL 15.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PoolEventFamiliesTests(PostgresFixture fixture)
{
    [Fact]
    public async Task An_idle_backend_closed_by_idle_timeout_counts_in_connection_idletimeout()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server,
            pooler: s => s with { ConfigurePool = o => o with { IdleTimeout = TimeSpan.FromSeconds(1) } });
        await pooler.RunOneSessionAsync();

        // The idle check runs every max(idle_timeout / 2, 5 s), as pgagroal's.
        var body = await pooler.ScrapeUntilAsync("pgagroal_connection_idletimeout", 1);
        Assert.Equal(0, Exposition.Value(body, "pgagroal_total_connections"));
        Assert.Equal(1, Exposition.Value(body, "pgagroal_connection_kill"));
    }

    [Fact]
    public async Task A_backend_older_than_max_connection_age_is_closed_on_return_and_counted()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server,
            pooler: s => s with { ConfigurePool = o => o with { MaxConnectionAge = TimeSpan.FromSeconds(1) } });
        await using (var connection = await pooler.Pooler.OpenAsync())
        {
            await using var command = new NpgsqlCommand("SELECT pg_sleep(1.2)", connection);
            await command.ExecuteNonQueryAsync();
        }

        var body = await pooler.ScrapeUntilAsync("pgagroal_connection_max_connection_age", 1);
        Assert.Equal(0, Exposition.Value(body, "pgagroal_connection_idletimeout"));
    }

    [Fact]
    public async Task A_flush_counts_every_backend_it_closes()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server);
        await using (var first = await pooler.Pooler.OpenAsync())
        await using (var second = await pooler.Pooler.OpenAsync())
        {
            // Two sessions at once: two backends, both idle once the sessions end.
        }
        await pooler.ScrapeUntilAsync("pgagroal_total_connections", 2);
        // Both returned: a flush of idle backends closes only Free ones.
        await pooler.ScrapeUntilAsync("pgagroal_active_connections", 0);

        var done = await pooler.Server.Pool.Ask<PoolProtocol.Done>(new PoolProtocol.Flush(FlushMode.Idle, null), TimeSpan.FromSeconds(10));
        Assert.True(done.Success);

        var body = await pooler.ScrapeUntilAsync("pgagroal_connection_flush", 2);
        Assert.Equal(0, Exposition.Value(body, "pgagroal_total_connections"));
    }

    [Fact]
    public async Task A_pooled_backend_killed_by_the_dba_counts_in_connection_remove_and_error_and_the_client_gets_another()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server,
            pooler: s => s with { ConfigurePool = o => o with { Validation = ValidationMode.Foreground } });
        var pid = await pooler.RunOneSessionForBackendPidAsync();
        // The idle backend dies under the pool; usually its socket's close tells the pool before anyone leases it.
        Assert.Equal("True", await fixture.Server.ExecuteScalarAsync($"SELECT pg_terminate_backend({pid})"));

        await using (var connection = await pooler.Pooler.OpenAsync())
        {
            Assert.NotEqual(pid, await MetricsHarness.BackendPidAsync(connection));
        }

        await AssertCountedAsEndedByTheServerAsync(pooler);
    }

    [Fact]
    public async Task A_backend_the_dba_ends_while_foreground_validation_checks_it_counts_as_removed_not_invalid()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server,
            pooler: s => s with { ConfigurePool = o => o with { Validation = ValidationMode.Foreground, ValidationTimeout = TimeSpan.FromSeconds(60) } });
        var pid = await pooler.RunOneSessionForBackendPidAsync();
        // Frozen, the backend holds the terminate signal until it is thawed, so the pool cannot hear of its end before
        // the next lease's validation has sent SELECT 1: the check, not the liveness watch, is first to see the FATAL.
        Assert.True(await fixture.Server.SignalBackendAsync(pid, "STOP"));
        try
        {
            Assert.Equal("True", await fixture.Server.ExecuteScalarAsync($"SELECT pg_terminate_backend({pid})"));
            var opening = pooler.Pooler.OpenAsync();
            await Eventually.TrueAsync(async () => HasSlotIn(await pooler.Pooler.StatusAsync(), SlotState.Validation),
                "the lease's validation is running", seconds: 30);
            Assert.True(await fixture.Server.SignalBackendAsync(pid, "CONT"));

            await using var connection = await opening;
            Assert.NotEqual(pid, await MetricsHarness.BackendPidAsync(connection));
        }
        finally
        {
            await fixture.Server.SignalBackendAsync(pid, "CONT");
        }

        await AssertCountedAsEndedByTheServerAsync(pooler);
    }

    [Fact]
    public async Task A_live_backend_that_does_not_answer_background_validation_counts_in_connection_invalid()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server,
            pooler: s => s with
            {
                ConfigurePool = o => o with
                {
                    Validation = ValidationMode.Background,
                    BackgroundInterval = PoolOptions.MinimumMaintenancePeriod,
                    ValidationTimeout = TimeSpan.FromSeconds(1),
                },
            });
        var pid = await pooler.RunOneSessionForBackendPidAsync();
        // A frozen backend (a stalled host, a stuck process) keeps its socket open, so only the check can tell:
        // SELECT 1 gets no answer within the validation timeout.
        Assert.True(await fixture.Server.SignalBackendAsync(pid, "STOP"));
        string body;
        try
        {
            body = await pooler.ScrapeUntilAsync("pgagroal_connection_invalid", 1);
        }
        finally
        {
            await fixture.Server.SignalBackendAsync(pid, "CONT");
        }
        Assert.Equal(0, Exposition.Value(body, "pgagroal_connection_remove"));
        // A scrape asks the pool for its gauges first and reads the counters after, so the one that first shows the
        // invalid may still show the backend; the next ones must not.
        body = await pooler.ScrapeUntilAsync("pgagroal_total_connections", 0);
        Assert.Equal(1, Exposition.Value(body, "pgagroal_connection_invalid"));
        Assert.Equal(0, Exposition.Value(body, "pgagroal_connection_remove"));

        await using var connection = await pooler.Pooler.OpenAsync();
        Assert.NotEqual(pid, await MetricsHarness.BackendPidAsync(connection));
    }

    [Theory]
    [InlineData(PipelineKind.Session)]
    [InlineData(PipelineKind.Transaction)]
    public async Task A_backend_the_dba_ends_while_the_pooler_aligns_its_parameters_counts_as_removed_and_the_client_gets_another(PipelineKind pipeline)
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, pipeline: pipeline);
        var pid = await pooler.RunOneSessionForBackendPidAsync();
        // Frozen, the backend keeps its socket open and holds the terminate signal, so the lease finds it alive and
        // quiet; another application_name makes the pooler send its alignment query first, which meets the FATAL.
        Assert.True(await fixture.Server.SignalBackendAsync(pid, "STOP"));
        try
        {
            Assert.Equal("True", await fixture.Server.ExecuteScalarAsync($"SELECT pg_terminate_backend({pid})"));
            var opening = OpenAndReadPidAsync(pooler, "Application Name=aligned-elsewhere");
            await Eventually.TrueAsync(async () => await pooler.Pooler.StatusAsync() is { Active: > 0 }, "the frozen backend is leased", seconds: 30);
            // The lease and the alignment's send are one step apart on the session's thread.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.True(await fixture.Server.SignalBackendAsync(pid, "CONT"));

            Assert.NotEqual(pid, await opening);
        }
        finally
        {
            await fixture.Server.SignalBackendAsync(pid, "CONT");
        }

        await AssertCountedAsEndedByTheServerAsync(pooler);
    }

    private static async Task<int> OpenAndReadPidAsync(MetricsHarness pooler, string extra)
    {
        await using var connection = await pooler.Pooler.OpenAsync(extra: extra);
        return await MetricsHarness.BackendPidAsync(connection);
    }

    [Theory]
    [InlineData(PipelineKind.Session)]
    [InlineData(PipelineKind.Transaction)]
    public async Task A_client_that_waits_for_the_only_backend_records_how_long_it_waited(PipelineKind pipeline)
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, maxConnections: 1, pipeline: pipeline);
        var held = TimeSpan.FromMilliseconds(600);
        await using (var holder = await pooler.Pooler.OpenAsync())
        await using (var transaction = await holder.BeginTransactionAsync())
        {
            await using (var command = new NpgsqlCommand("SELECT 1", holder, transaction))
            {
                await command.ExecuteScalarAsync();
            }
            var waiting = OpenAndReadPidAsync(pooler, "Application Name=waiter");
            await pooler.ScrapeUntilAsync("pgagroal_connection_awaiting", 1);
            await Task.Delay(held);
            await transaction.CommitAsync();
            await holder.CloseAsync();
            await waiting;
        }
        var body = await pooler.ScrapeAsync();
        // Every lease is observed; the waiter's lasted at least as long as the backend was held after it queued.
        var leases = Exposition.Value(body, "agroal_client_wait_seconds_count");
        var quick = Exposition.Value(body, "agroal_client_wait_seconds_bucket{le=\"0.5\"}");
        Assert.True(leases >= 2, $"leases observed: {leases}");
        Assert.True(leases - quick >= 1, $"no wait of more than 0.5 s among {leases} leases");
    }

    /// <summary>One backend the server ended: a remove and an error, whichever part of the pool noticed it; never an invalid.</summary>
    private static async Task AssertCountedAsEndedByTheServerAsync(MetricsHarness pooler)
    {
        await pooler.ScrapeUntilAsync("pgagroal_connection_remove", 1);
        var body = await pooler.ScrapeUntilAsync("pgagroal_connection_error", 1);
        Assert.Equal(0, Exposition.Value(body, "pgagroal_connection_invalid"));
    }

    private static bool HasSlotIn(PoolProtocol.Status status, SlotState state)
    {
        foreach (var slot in status.Slots)
        {
            if (slot.State == state)
            {
                return true;
            }
        }
        return false;
    }

    [Fact]
    public async Task A_client_waiting_for_its_rules_last_backend_shows_in_limit_awaiting_for_that_rule()
    {
        var postgres = fixture.Server;
        var rule = new LimitRule(postgres.Database, [], postgres.User, 1, 0, 0, 1);
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, m => m with { Limits = new LimitTable([rule]) },
            pooler: s => s with
            {
                FindLimit = (user, database) => user == postgres.User && database == postgres.Database ? new PoolLimit(0, 1, 0, 0) : null,
            });
        var limit = $"{{user=\"{postgres.User}\",database=\"{postgres.Database}\"";
        await using var holder = await pooler.Pooler.OpenAsync();
        await using (var command = new NpgsqlCommand("SELECT 1", holder))
        {
            await command.ExecuteScalarAsync();
        }

        var waiting = pooler.Pooler.OpenAsync();
        var body = await pooler.ScrapeUntilAsync($"pgagroal_limit_awaiting{limit}}}", 1);
        Assert.Equal(1, Exposition.Value(body, "pgagroal_connection_awaiting"));
        Assert.Equal(1, Exposition.Value(body, $"pgagroal_limit{limit},type=\"active\"}}"));
        Assert.Equal(1, Exposition.Value(body, $"pgagroal_limit{limit},type=\"max\"}}"));

        await holder.CloseAsync();
        await using (var served = await waiting)
        {
            await pooler.ScrapeUntilAsync($"pgagroal_limit_awaiting{limit}}}", 0);
        }
    }

    [Fact]
    public async Task Queries_are_counted_per_slot_under_the_slots_user_database_and_application()
    {
        await using var pooler = await MetricsHarness.StartAsync(fixture.Server, maxConnections: 2);
        await using (var connection = await pooler.Pooler.OpenAsync(extra: "Application Name=per-slot"))
        {
            for (var i = 0; i < 3; i++)
            {
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
            }
        }
        var postgres = fixture.Server;
        var slot = $"pgagroal_connection_query_count{{id=\"0\",user=\"{postgres.User}\",database=\"{postgres.Database}\",application_name=\"per-slot\"}}";
        var body = "";
        // Npgsql may add its own statements at open (type loading): whatever the total, slot 0 served all of it.
        await Eventually.TrueAsync(async () => Exposition.Value(body = await pooler.ScrapeAsync(), slot) is >= 3 and var perSlot
            && perSlot == Exposition.Value(body, "pgagroal_query_count"), "the slot's query count matches the total");
        Assert.Equal(0, Exposition.Value(body, "pgagroal_connection_query_count{id=\"1\",user=\"\",database=\"\",application_name=\"\"}"));
    }
}
