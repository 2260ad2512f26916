using System.Buffers.Binary;
using System.Globalization;
using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>
/// Real client sessions recorded at the start of a fuzzer run: psql, pgbench (simple, extended and prepared protocol)
/// and Npgsql (parameters, prepared statements, a batch, a transaction, binary COPY) talk to a pooler through a
/// <see cref="RecordingProxy"/>; each session is kept as the frontend messages it sent after its startup packet.
/// </summary>
public static class RecordedSessions
{
    private const int SslRequestCode = 80877103;
    private const int GssEncRequestCode = 80877104;

    /// <summary>Each recorded session: its client, and its messages after startup, Terminate left out.</summary>
    public static async Task<List<(string Client, List<byte[]> Messages)>> RecordAsync(PostgresServer postgres)
    {
        await using var pooler = await PoolerHarness.StartAsync(postgres, PipelineKind.Session, s => s with
        {
            MaxConnections = 4, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(30),
        });
        await using var proxy = RecordingProxy.Start(pooler.Port);
        var clients = new List<string>();
        using var directory = TempDirectory.Create("/tmp/agroal-fuzz");

        foreach (var sql in new[]
        {
            "SELECT 1 AS one, 'psql' AS client",
            "BEGIN; SELECT count(*) FROM pg_class; SELECT now(); COMMIT",
            "CREATE TEMP TABLE psql_t(v int); INSERT INTO psql_t SELECT generate_series(1, 50); SELECT sum(v) FROM psql_t",
            "SELECT 1/0",
        })
        {
            var run = await ProcessRunner.RunAsync(Psql.FindTool("psql"),
                ["-X", "-h", "127.0.0.1", "-p", proxy.Port.ToString(CultureInfo.InvariantCulture), "-U", postgres.User, "-d", postgres.Database, "-c", sql],
                new Dictionary<string, string> { ["PGSSLMODE"] = "disable", ["PGCONNECT_TIMEOUT"] = "15" }, TimeSpan.FromSeconds(60));
            Assert.False(run.TimedOut, "psql timed out: " + run.Output);
            clients.Add("psql");
            await proxy.WaitForAsync(clients.Count, TimeSpan.FromSeconds(30));
        }

        var script = directory.Combine("fuzz.sql");
        await File.WriteAllTextAsync(script, "\\set v random(1, 100000)\nBEGIN;\nSELECT :v AS v, 'pgbench';\nSELECT :v * 2;\nEND;\n");
        foreach (var mode in new[] { "simple", "extended", "prepared" })
        {
            var run = await PgBench.RunAsync("127.0.0.1", proxy.Port, postgres.User, null, postgres.Database,
                ["-n", "-c", "1", "-t", "3", "-M", mode, "-f", script], TimeSpan.FromSeconds(60));
            Assert.True(run.ExitCode == 0, $"pgbench -M {mode} failed ({run.ExitCode}): {run.Output}");
            // pgbench opens a first connection of its own and closes it unused, then the benchmark's.
            clients.Add("pgbench (set-up)");
            clients.Add("pgbench -M " + mode);
            await proxy.WaitForAsync(clients.Count, TimeSpan.FromSeconds(30));
        }

        await RecordNpgsqlAsync(proxy.Port, postgres);
        clients.Add("Npgsql");

        await proxy.WaitForAsync(clients.Count, TimeSpan.FromSeconds(30));
        var sessions = new List<(string, List<byte[]>)>();
        var recorded = proxy.Recorded;
        for (var i = 0; i < recorded.Count; i++)
        {
            var messages = Split(recorded[i]);
            if (messages.Count > 0)
            {
                // Each client's sessions ended before the next client started.
                sessions.Add((i < clients.Count ? clients[i] : "client", messages));
            }
        }
        Assert.True(sessions.Count >= 8, $"{sessions.Count} recorded sessions hold messages after their startup, of {recorded.Count}");
        return sessions;
    }

    private static async Task RecordNpgsqlAsync(int port, PostgresServer postgres)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = postgres.User, Database = postgres.Database,
            Pooling = false, SslMode = SslMode.Disable, Timeout = 15, CommandTimeout = 30,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using (var parameterised = new NpgsqlCommand("SELECT $1::int + 1, $2::text", connection))
        {
            parameterised.Parameters.Add(new NpgsqlParameter { Value = 41 });
            parameterised.Parameters.Add(new NpgsqlParameter { Value = "npgsql" });
            await parameterised.ExecuteScalarAsync();
            await parameterised.PrepareAsync();
            await parameterised.ExecuteScalarAsync();
            await parameterised.ExecuteScalarAsync();
        }
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands = { new NpgsqlBatchCommand("SELECT 1"), new NpgsqlBatchCommand("SELECT 'two'"), new NpgsqlBatchCommand("SELECT 3.0") },
            };
            await using (var reader = await batch.ExecuteReaderAsync())
            {
                do
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }
                while (await reader.NextResultAsync());
            }
            await transaction.CommitAsync();
        }
        await using (var importer = await connection.BeginBinaryImportAsync("COPY fault_copy (v) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < 5; i++)
            {
                await importer.WriteRowAsync(CancellationToken.None, "npgsql " + i.ToString(CultureInfo.InvariantCulture));
            }
            await importer.CompleteAsync();
        }
        await using (var failing = new NpgsqlCommand("SELECT no_such_column", connection))
        {
            await Assert.ThrowsAsync<PostgresException>(() => failing.ExecuteScalarAsync());
        }
    }

    /// <summary>The frontend messages of a recorded stream after its startup packet (and any SSL/GSS request before it), Terminate left out.</summary>
    public static List<byte[]> Split(byte[] stream)
    {
        var at = 0;
        while (at + 8 <= stream.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(stream.AsSpan(at));
            var code = BinaryPrimitives.ReadInt32BigEndian(stream.AsSpan(at + 4));
            at += length;
            if (code is not (SslRequestCode or GssEncRequestCode))
            {
                break;
            }
        }
        var messages = new List<byte[]>();
        while (at + 5 <= stream.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(stream.AsSpan(at + 1));
            if (length < 4 || at + 1 + length > stream.Length)
            {
                break;
            }
            if (stream[at] != FrontendTag.Terminate)
            {
                messages.Add(stream.AsSpan(at, length + 1).ToArray());
            }
            at += length + 1;
        }
        return messages;
    }
}
