using System.Diagnostics;
using Agroal.Actors.Clients;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>
/// What must hold after every fault: a new client is served promptly and gets its own answer back; no backend is
/// handed out inside a transaction or with a session setting left by an earlier client; once clients are gone the
/// pool shows no active backend and PostgreSQL holds no more backends than max_connections allows.
/// </summary>
public sealed class PoolerInvariants(IPoolerUnderTest pooler, PipelineKind pipeline, int maxConnections)
{
    public PoolerInvariants(PoolerHarness harness, PipelineKind pipeline, int maxConnections)
        : this(new HarnessPooler(harness), pipeline, maxConnections)
    {
    }

    /// <summary>A session setting a fault case leaves behind on purpose; no later client may see it.</summary>
    public const string ProbeSetting = "agroal_fault.probe";

    /// <summary>
    /// How fault cases open the transactions they abandon: a later client that finds itself at this isolation level
    /// was handed a backend still inside one (its own statements run at the default, read committed).
    /// </summary>
    public const string DirtyBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ";

    private PostgresServer Postgres => pooler.Postgres;

    public async Task CheckAllAsync(string afterCase)
    {
        await ServesNewClientAsync(afterCase);
        await QuiescesAsync(afterCase);
        await EveryPooledBackendIsCleanAsync(afterCase);
        await Eventually.TrueAsync(async () => await pooler.ActiveConnectionsAsync() == 0, $"{afterCase}: active connections back to 0 after the pool check", seconds: 30);
    }

    /// <summary>A new client logs in and gets its marker back within <see cref="FaultSettings.ServeWithin"/>, in a fresh transaction.</summary>
    public async Task ServesNewClientAsync(string afterCase)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await pooler.OpenAsync();
        await IsCleanAsync(connection, afterCase, insideOwnTransaction: false);
        var elapsed = watch.Elapsed;
        Assert.True(elapsed <= FaultSettings.ServeWithin, $"{afterCase}: a new client took {elapsed.TotalMilliseconds:0} ms (limit {FaultSettings.ServeWithin.TotalMilliseconds:0} ms)");
    }

    /// <summary>
    /// Every backend the pool holds now is handed out at once, one client each (each holds a transaction of its own so
    /// that none goes back early), and each must be clean: not inside an earlier transaction, no earlier session state.
    /// </summary>
    public async Task EveryPooledBackendIsCleanAsync(string afterCase)
    {
        var pooled = Math.Min(await pooler.TotalConnectionsAsync(), maxConnections);
        var holders = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < pooled; i++)
            {
                var connection = await pooler.OpenAsync();
                holders.Add(connection);
                await connection.BeginTransactionAsync();
                await IsCleanAsync(connection, $"{afterCase} (pooled backend {i + 1} of {pooled})", insideOwnTransaction: true);
            }
        }
        finally
        {
            foreach (var connection in holders)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>The connection's backend echoes a fresh marker, runs at the default isolation (so it was in no earlier transaction) and carries no probe setting.</summary>
    private async Task IsCleanAsync(NpgsqlConnection connection, string afterCase, bool insideOwnTransaction)
    {
        var marker = Marker();
        await using var command = new NpgsqlCommand(
            $"SELECT '{marker}', current_setting('transaction_isolation') = 'read committed', current_setting('{ProbeSetting}', true)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"{afterCase}: no row");
        Assert.Equal(marker, reader.GetString(0));
        Assert.True(reader.GetBoolean(1), insideOwnTransaction
            ? $"{afterCase}: the backend was handed out inside an earlier client's transaction (its BEGIN did not start a fresh one)"
            : $"{afterCase}: the backend was handed out inside an open transaction");
        if (pipeline != PipelineKind.Transaction)
        {
            // Session state survives a transaction-mode release by design; in the other pipelines the reset clears it.
            Assert.True(reader.IsDBNull(2) || reader.GetString(2).Length == 0, $"{afterCase}: session state of an earlier client leaked: {reader.GetValue(2)}");
        }
    }

    /// <summary>With every client gone: active reads 0, no pooled backend idles in a transaction, PostgreSQL within the limit.</summary>
    public async Task QuiescesAsync(string afterCase)
    {
        await Eventually.TrueAsync(async () => await pooler.ActiveConnectionsAsync() == 0, $"{afterCase}: active connections back to 0", seconds: 30);
        await Eventually.TrueAsync(async () => await Postgres.CountBackendsAsync(user: Postgres.User) <= maxConnections,
            $"{afterCase}: PostgreSQL holds at most {maxConnections} pooler backends", seconds: 30);
        var dirty = await Postgres.ExecuteScalarAsync(
            $"SELECT count(*) FROM pg_stat_activity WHERE usename = '{Postgres.User}' AND state LIKE 'idle in transaction%'");
        Assert.True(dirty == "0", $"{afterCase}: {dirty} pooled backend(s) idle inside a transaction");
    }

    /// <summary>Runs <c>SELECT marker</c> and fails on any answer that is not this query's own.</summary>
    public static async Task EchoAsync(NpgsqlConnection connection, string? marker = null)
    {
        marker ??= Marker();
        await using var command = new NpgsqlCommand($"SELECT '{marker}'", connection);
        var answer = (string?)await command.ExecuteScalarAsync();
        if (answer != marker)
        {
            throw new CrossTalkException($"sent {marker}, received {answer}");
        }
    }

    public static string Marker() => "m" + Guid.NewGuid().ToString("N");
}

/// <summary>A client received an answer meant for another.</summary>
public sealed class CrossTalkException(string message) : Exception(message);
