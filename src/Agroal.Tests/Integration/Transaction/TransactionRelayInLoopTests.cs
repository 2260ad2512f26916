using System.Globalization;
using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Transaction;

/// <summary>
/// The transaction relay's client side inside the client's epoll loop: a lease answered at once is taken on the loop,
/// one that waits (or one that must align the backend's settings first) goes to the session's async method while the
/// client's receive pauses, and a backend queue past 64 KiB pauses the client's receive until it drains. These are
/// the paths a plain pgbench run never takes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TransactionRelayInLoopTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    private Task<PoolerHarness> StartAsync(int backends) =>
        PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction,
            s => s with { MaxConnections = backends, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(60) });

    [Fact]
    public async Task A_copy_of_sixteen_megabytes_pauses_the_client_on_the_backends_queue_and_arrives_whole()
    {
        await using var pooler = await StartAsync(1);
        await using var connection = await pooler.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await TransactionPipelineTests.Execute(connection, "CREATE TEMP TABLE copied (line text) ON COMMIT DROP");
        const int lines = 16 * 1024;
        var line = new string('c', 1023);
        await using (var writer = await connection.BeginTextImportAsync("COPY copied FROM STDIN"))
        {
            for (var i = 0; i < lines; i++)
            {
                await writer.WriteAsync(line);
                await writer.WriteAsync('\n');
            }
        }
        Assert.Equal($"{lines} {lines * 1023L}", await TransactionPipelineTests.Scalar<string>(connection,
            "SELECT count(*) || ' ' || sum(length(line)) FROM copied"));
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task Clients_with_their_own_settings_waiting_for_one_backend_each_see_theirs_on_every_query()
    {
        await using var pooler = await StartAsync(1);
        var clients = Enumerable.Range(0, 6).Select(async client =>
        {
            // Three names over one backend: most leases wait, and most answers need the backend realigned first.
            var name = "relay_in_loop_" + (client % 3).ToString(CultureInfo.InvariantCulture);
            await using var connection = await pooler.OpenAsync(extra: "Application Name=" + name);
            for (var query = 0; query < 30; query++)
            {
                Assert.Equal(name, await TransactionPipelineTests.Scalar<string>(connection, "SHOW application_name"));
            }
        });
        await Task.WhenAll(clients);
    }

    [Fact]
    public async Task A_backend_terminated_while_its_client_idles_in_a_transaction_fails_that_client_only()
    {
        await using var pooler = await StartAsync(2);
        await using var idle = await pooler.OpenAsync();
        await TransactionPipelineTests.Execute(idle, "BEGIN");
        var pid = await TransactionPipelineTests.Scalar<int>(idle, "SELECT pg_backend_pid()");
        Assert.True(bool.Parse(await Postgres.ExecuteScalarAsync($"SELECT pg_terminate_backend({pid}, 10000)")));
        // The client sends nothing: its relay learns of the end from the backend's side and ends the client.
        var failure = await Assert.ThrowsAnyAsync<NpgsqlException>(() => TransactionPipelineTests.Scalar<int>(idle, "SELECT 1"));
        Assert.True(failure is PostgresException { SqlState: "57P01" } || failure.InnerException is IOException or EndOfStreamException,
            $"the idle client saw {failure}");
        await using var other = await pooler.OpenAsync();
        Assert.Equal(1, await TransactionPipelineTests.Scalar<int>(other, "SELECT 1"));
    }

    [Fact]
    public async Task A_stop_while_clients_wait_for_the_only_backend_ends_every_client()
    {
        var pooler = await StartAsync(1);
        var holder = await pooler.OpenAsync();
        var waiters = new List<NpgsqlConnection>();
        for (var i = 0; i < 4; i++)
        {
            // Logged in first: a login borrows the backend for its greeting too.
            waiters.Add(await pooler.OpenAsync());
        }
        await TransactionPipelineTests.Execute(holder, "BEGIN");
        var queries = waiters.Select(waiter => TransactionPipelineTests.Scalar<int>(waiter, "SELECT 1")).ToList();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Waiting == 4, "four clients waiting");
        await pooler.DisposeAsync();
        foreach (var query in queries)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => query);
        }
        foreach (var waiter in waiters)
        {
            await waiter.DisposeAsync();
        }
        await holder.DisposeAsync();
    }
}
