using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>
/// The issue's "done when": right after every pooled backend was terminated, or PostgreSQL restarted, 20 new clients
/// all succeed, in every pipeline. Before the fix the pool kept the dead backends as Free and handed them out.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class DeadBackendTests(FaultPostgresFixture fixture)
{
    private const int MaxConnections = 8;

    private PostgresServer Postgres => fixture.Server;

    public static TheoryData<PipelineKind> Pipelines => new() { PipelineKind.Performance, PipelineKind.Session, PipelineKind.Transaction };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public async Task Twenty_new_clients_succeed_right_after_every_pooled_backend_was_terminated(PipelineKind pipeline)
    {
        await using var pooler = await StartAsync(pipeline);
        await FillPoolAsync(pooler);
        var terminated = await Postgres.TerminateBackendsAsync(Postgres.User);
        Assert.True(terminated >= 1, "no pooled backend to terminate");
        await TwentyNewClientsAsync(pooler, $"{pipeline}: after pg_terminate_backend of all");
        await new PoolerInvariants(pooler, pipeline, MaxConnections).CheckAllAsync($"{pipeline}: terminate all");
        Assert.True(Counters(pooler).Error >= 1, "the dead backends were not counted");
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public async Task Twenty_new_clients_succeed_right_after_a_fast_restart(PipelineKind pipeline)
    {
        await using var pooler = await StartAsync(pipeline);
        await FillPoolAsync(pooler);
        await Postgres.RestartAsync(immediate: false);
        await TwentyNewClientsAsync(pooler, $"{pipeline}: after restart -m fast");
        await new PoolerInvariants(pooler, pipeline, MaxConnections).CheckAllAsync($"{pipeline}: restart fast");
    }

    [Fact]
    public async Task Twenty_new_clients_succeed_right_after_an_immediate_restart_with_busy_and_idle_clients()
    {
        await using var pooler = await StartAsync(PipelineKind.Session);
        await FillPoolAsync(pooler);
        // Idle clients holding a backend, and busy ones inside a long query: they may fail, but promptly and clearly.
        var idle = new List<NpgsqlConnection>();
        for (var i = 0; i < 2; i++)
        {
            idle.Add(await pooler.OpenAsync());
        }
        var busy = Enumerable.Range(0, 2).Select(_ => RunLongQueryAsync(pooler)).ToList();
        await Eventually.TrueAsync(async () => await Postgres.ExecuteScalarAsync(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'") == "2", "busy clients running");
        await Postgres.RestartAsync(immediate: true);
        foreach (var outcome in await Task.WhenAll(busy))
        {
            Assert.True(outcome is "57P01" or "08006" or "57P02" or "57P03" or "io", $"a busy client saw {outcome}");
        }
        foreach (var connection in idle)
        {
            var error = await Record.ExceptionAsync(() => PoolerInvariants.EchoAsync(connection));
            Assert.True(error is NpgsqlException, $"an idle client holding a dead backend saw {error?.GetType().Name}: {error?.Message}");
            await connection.DisposeAsync();
        }
        await TwentyNewClientsAsync(pooler, "after restart -m immediate");
        await new PoolerInvariants(pooler, PipelineKind.Session, MaxConnections).CheckAllAsync("restart immediate");
    }

    [Theory]
    [InlineData("idle")]
    [InlineData("active")]
    public async Task Terminating_idle_or_busy_backends_leaves_the_pool_serving(string state)
    {
        await using var pooler = await StartAsync(PipelineKind.Transaction);
        await FillPoolAsync(pooler);
        var busy = Enumerable.Range(0, 3).Select(_ => RunLongQueryAsync(pooler, seconds: 3)).ToList();
        await Eventually.TrueAsync(async () => await Postgres.ExecuteScalarAsync(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(3)%' AND state = 'active'") == "3", "busy clients running");
        await Postgres.TerminateBackendsAsync(Postgres.User, state);
        var outcomes = await Task.WhenAll(busy);
        if (state == "active")
        {
            Assert.All(outcomes, outcome => Assert.True(outcome is "57P01" or "08006" or "io", $"a terminated busy client saw {outcome}"));
        }
        else
        {
            Assert.All(outcomes, outcome => Assert.Equal("ok", outcome));
        }
        await TwentyNewClientsAsync(pooler, $"after terminating {state} backends");
        await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).CheckAllAsync($"terminate {state}");
    }

    private Task<PoolerHarness> StartAsync(PipelineKind pipeline) =>
        PoolerHarness.StartAsync(Postgres, pipeline, s => s with
        {
            MaxConnections = MaxConnections, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(30),
        });

    private static Agroal.Actors.Pool.PoolCounters Counters(PoolerHarness pooler) => pooler.Server.PoolCounters;

    /// <summary>Leaves MaxConnections idle backends in the pool.</summary>
    private static async Task FillPoolAsync(PoolerHarness pooler)
    {
        var connections = new List<NpgsqlConnection>();
        for (var i = 0; i < MaxConnections; i++)
        {
            var connection = await pooler.OpenAsync();
            await using var command = new NpgsqlCommand("BEGIN; SELECT 1", connection);
            await command.ExecuteNonQueryAsync();
            connections.Add(connection);
        }
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "pool filled and idle");
    }

    private static async Task TwentyNewClientsAsync(PoolerHarness pooler, string what)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await using var connection = await pooler.OpenAsync();
                await PoolerInvariants.EchoAsync(connection);
                return null;
            }
            catch (Exception ex) when (ex is NpgsqlException or CrossTalkException)
            {
                return ex is PostgresException pg ? $"{pg.SqlState} {pg.MessageText}" : ex.Message;
            }
        }));
        var failures = results.Where(r => r is not null).ToList();
        Assert.True(failures.Count == 0, $"{what}: {failures.Count} of 20 new clients failed: {string.Join(" | ", failures.Take(3))}");
    }

    /// <summary>"ok", a SQLSTATE, or "io" when the connection broke without one.</summary>
    internal static async Task<string> RunLongQueryAsync(PoolerHarness pooler, int seconds = 30)
    {
        try
        {
            await using var connection = await pooler.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT pg_sleep({seconds})", connection);
            await command.ExecuteNonQueryAsync();
            return "ok";
        }
        catch (PostgresException ex)
        {
            return ex.SqlState;
        }
        catch (NpgsqlException)
        {
            return "io";
        }
    }
}
