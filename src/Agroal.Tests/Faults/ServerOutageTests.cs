using System.Diagnostics;
using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>PostgreSQL stopped for longer than the timeouts, absent when the pooler starts, or frozen by SIGSTOP.</summary>
[Collection(FaultCollection.Name)]
public sealed class ServerOutageTests(FaultPostgresFixture fixture)
{
    private const int MaxConnections = 4;

    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Stopped_longer_than_the_timeouts_clients_are_refused_promptly_and_served_again_once_started()
    {
        await using var pooler = await StartAsync(PipelineKind.Session, TimeSpan.FromSeconds(2));
        await using (var warm = await pooler.OpenAsync())
        {
            await PoolerInvariants.EchoAsync(warm);
        }
        await Postgres.StopAsync(immediate: false);
        try
        {
            // Longer than blocking_timeout and connect timeouts: every attempt ends with an error, none hangs.
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                var error = await Record.ExceptionAsync(async () =>
                {
                    await using var connection = await pooler.OpenAsync();
                    await PoolerInvariants.EchoAsync(connection);
                });
                Assert.True(error is PostgresException { SqlState: "08006" or "08001" or "53300" or "57P03" }, $"while stopped: {error?.GetType().Name} {(error as PostgresException)?.SqlState} {error?.Message}");
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"a refusal took {watch.Elapsed}");
            }
        }
        finally
        {
            await Postgres.StartAgainAsync();
        }
        await Eventually.TrueAsync(async () => await ServesAsync(pooler), "served again after the start");
        await new PoolerInvariants(pooler, PipelineKind.Session, MaxConnections).CheckAllAsync("stopped then started");
    }

    [Fact]
    public async Task Unreachable_at_pooler_start_up_then_appearing_later_is_served()
    {
        await Postgres.StopAsync(immediate: false);
        PoolerHarness? pooler = null;
        try
        {
            pooler = await StartAsync(PipelineKind.Transaction, TimeSpan.FromSeconds(2));
            var error = await Record.ExceptionAsync(async () =>
            {
                await using var connection = await pooler.OpenAsync();
            });
            Assert.True(error is PostgresException { SqlState: "08006" or "08001" or "53300" }, $"while absent: {error?.Message}");
        }
        finally
        {
            await Postgres.StartAgainAsync();
        }
        await using (pooler)
        {
            await Eventually.TrueAsync(async () => await ServesAsync(pooler), "served once PostgreSQL appeared");
            await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).CheckAllAsync("unreachable at start-up");
        }
    }

    [Fact]
    public async Task Frozen_server_blocking_timeout_and_cancels_behave_and_nothing_hangs_after_it_resumes()
    {
        await using var pooler = await StartAsync(PipelineKind.Session, TimeSpan.FromSeconds(2));
        // Two clients hold both backends with queries that will be in flight while the server is frozen.
        var holders = new List<NpgsqlConnection> { await pooler.OpenAsync(), await pooler.OpenAsync() };
        await Postgres.SignalAllAsync("STOP");
        Task<string> inFlight;
        Task<string> cancelled;
        NpgsqlCommand cancelledCommand;
        try
        {
            inFlight = EchoOutcomeAsync(holders[0]);
            cancelledCommand = new NpgsqlCommand("SELECT pg_sleep(0.2)", holders[1]);
            cancelled = OutcomeAsync(cancelledCommand);
            // A third client waits for a backend: blocking_timeout (2 s) answers it with 53300 while the server is frozen.
            var watch = Stopwatch.StartNew();
            var refused = await Record.ExceptionAsync(async () =>
            {
                await using var connection = await pooler.OpenAsync();
            });
            Assert.True(refused is PostgresException { SqlState: "53300" }, $"a waiting client saw {refused?.Message}");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"blocking_timeout took {watch.Elapsed}");
            // The cancel reaches a frozen server and is not answered: the client must not be stuck by it.
            var cancel = Task.Run(cancelledCommand.Cancel);
            await Task.WhenAny(cancel, Task.Delay(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await Postgres.SignalAllAsync("CONT");
        }
        Assert.Equal("ok", await WithinAsync(inFlight, TimeSpan.FromSeconds(30)));
        var cancelOutcome = await WithinAsync(cancelled, TimeSpan.FromSeconds(30));
        Assert.True(cancelOutcome is "ok" or "57014", $"the cancelled query ended with {cancelOutcome}");
        foreach (var holder in holders)
        {
            await PoolerInvariants.EchoAsync(holder);
            await holder.DisposeAsync();
        }
        await new PoolerInvariants(pooler, PipelineKind.Session, MaxConnections).CheckAllAsync("frozen then resumed");
    }

    private Task<PoolerHarness> StartAsync(PipelineKind pipeline, TimeSpan blockingTimeout) =>
        PoolerHarness.StartAsync(Postgres, pipeline, s => s with
        {
            MaxConnections = pipeline == PipelineKind.Session ? 2 : MaxConnections, Method = HbaMethod.Trust, BlockingTimeout = blockingTimeout,
        });

    private static async Task<bool> ServesAsync(PoolerHarness pooler)
    {
        try
        {
            await using var connection = await pooler.OpenAsync();
            await PoolerInvariants.EchoAsync(connection);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task<string> EchoOutcomeAsync(NpgsqlConnection connection)
    {
        try
        {
            await PoolerInvariants.EchoAsync(connection);
            return "ok";
        }
        catch (PostgresException ex)
        {
            return ex.SqlState;
        }
    }

    private static async Task<string> OutcomeAsync(NpgsqlCommand command)
    {
        try
        {
            await command.ExecuteNonQueryAsync();
            return "ok";
        }
        catch (OperationCanceledException ex) when (ex.InnerException is PostgresException { SqlState: "57014" })
        {
            return "57014";
        }
        catch (PostgresException ex)
        {
            return ex.SqlState;
        }
    }

    private static async Task<string> WithinAsync(Task<string> task, TimeSpan limit)
    {
        var finished = await Task.WhenAny(task, Task.Delay(limit));
        Assert.True(finished == task, $"still hanging {limit.TotalSeconds} s after the server resumed");
        return await task;
    }
}
