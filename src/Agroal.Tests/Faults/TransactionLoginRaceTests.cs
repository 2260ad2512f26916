using System.Collections.Concurrent;
using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Agroal.Tests.Integration.Transaction;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>
/// The transaction pipeline's login under mixed load: many short logins carrying startup parameters, cancels, and
/// clients vanishing mid-query, over a small pool. A backend given to a login while another session could still
/// touch it (a pending read cancelled by its previous holder) failed logins with 08006.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class TransactionLoginRaceTests(FaultPostgresFixture fixture)
{
    private const int MaxConnections = 4;

    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Short_logins_with_startup_parameters_never_fail_beside_cancels_and_vanishing_clients()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s => s with
        {
            MaxConnections = MaxConnections, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(60),
        });
        for (var repeat = 0; repeat < FaultSettings.LoginRaceRepeats; repeat++)
        {
            var failures = new ConcurrentQueue<string>();
            var workers = new List<Task>();
            for (var w = 0; w < 8; w++)
            {
                workers.Add(ShortLoginsAsync(pooler, w, 30, failures));
            }
            for (var w = 0; w < 3; w++)
            {
                workers.Add(CancelledQueriesAsync(pooler, 12, failures));
                workers.Add(VanishingClientsAsync(pooler, 20));
            }
            await Task.WhenAll(workers);
            Assert.True(failures.IsEmpty, $"round {repeat}: {failures.Count} failures, first: {string.Join(" | ", failures.Take(5))}");
            await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).CheckAllAsync($"login race round {repeat}");
        }
    }

    private static async Task ShortLoginsAsync(PoolerHarness pooler, int worker, int count, ConcurrentQueue<string> failures)
    {
        for (var i = 0; i < count; i++)
        {
            try
            {
                await using var connection = await pooler.OpenAsync(extra: $"Application Name=login-{worker}-{i};Options=-c statement_timeout=0");
                await PoolerInvariants.EchoAsync(connection);
            }
            catch (Exception ex) when (ex is NpgsqlException or CrossTalkException)
            {
                failures.Enqueue($"login {worker}/{i}: {Describe(ex)}");
            }
        }
    }

    private static async Task CancelledQueriesAsync(PoolerHarness pooler, int count, ConcurrentQueue<string> failures)
    {
        for (var i = 0; i < count; i++)
        {
            try
            {
                await using var connection = await pooler.OpenAsync(extra: $"Application Name=cancel-{i}");
                await using var command = new NpgsqlCommand("SELECT pg_sleep(0.3)", connection);
                var running = command.ExecuteNonQueryAsync();
                await Task.Delay(20 + (i % 4) * 10);
                command.Cancel();
                try
                {
                    await running;
                }
                catch (OperationCanceledException ex) when (ex.InnerException is PostgresException { SqlState: "57014" })
                {
                    // Cancelled, as asked (Npgsql reports a cancel it asked for this way).
                }
                catch (PostgresException ex) when (ex.SqlState == "57014")
                {
                    // Cancelled, as asked: Npgsql reports it this way when the query's error overtakes the close of its
                    // cancel connection, which can happen against PostgreSQL itself too. The only query on this
                    // connection is the one cancelled, so the 57014 cannot be another query's.
                }
            }
            catch (Exception ex) when (ex is NpgsqlException)
            {
                failures.Enqueue($"cancel {i}: {Describe(ex)}");
            }
        }
    }

    private static async Task VanishingClientsAsync(PoolerHarness pooler, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var client = await RawProtocolClient.ConnectAsync(pooler.Port, pooler.Postgres.User, pooler.Postgres.Database);
            await client.Query(i % 2 == 0 ? "SELECT pg_sleep(0.05)" : PoolerInvariants.DirtyBegin + "; SELECT 1").FlushAsync();
            if (i % 3 == 0)
            {
                await Task.Delay(5);
            }
            client.Abort();
        }
    }

    private static string Describe(Exception ex) => ex is PostgresException pg ? $"{pg.SqlState} {pg.MessageText}" : ex.Message;
}
