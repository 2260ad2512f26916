using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Tls;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>
/// Backends over TLS ([server] tls = on) that PostgreSQL ends while they idle in the pool: terminated (FATAL 57P01 then
/// the TLS close) or killed by an immediate restart (no close_notify, the TCP end only). The liveness watch reads
/// through TLS, so it must notice both before any client comes, and never hand such a backend out. The transaction
/// pipeline refuses TLS servers at start-up, so the performance and session pipelines are the ones to check.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class TlsBackendLivenessTests(FaultPostgresFixture fixture) : IDisposable
{
    private const int MaxConnections = 4;

    private readonly TempDirectory _directory = TempDirectory.Create("/tmp/agroal-faults-tls");

    private PostgresServer Postgres => fixture.Server;

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(PipelineKind.Performance, false)]
    [InlineData(PipelineKind.Session, false)]
    [InlineData(PipelineKind.Performance, true)]
    [InlineData(PipelineKind.Session, true)]
    public async Task Idle_tls_backends_ended_by_the_server_are_removed_before_any_client_and_never_handed_out(PipelineKind pipeline, bool immediateRestart)
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, pipeline, s => s with
        {
            MaxConnections = MaxConnections, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(30),
            Server = new ServerEndpoint("primary", Postgres.Host, Postgres.Port, PrimaryHint: true) { Tls = TlsContext() },
        });
        await FillPoolOverTlsAsync(pooler);
        var errorsBefore = pooler.Server.PoolCounters.Error;
        var fault = immediateRestart ? "restart -m immediate" : "pg_terminate_backend";
        if (immediateRestart)
        {
            await Postgres.RestartAsync(immediate: true);
        }
        else
        {
            Assert.Equal(MaxConnections, await Postgres.TerminateBackendsAsync(Postgres.User));
        }
        // No client has touched the pool since: only the watch on the idle TLS streams can have seen the ends.
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Total == 0,
            $"{pipeline}: the {MaxConnections} idle TLS backends removed after {fault}", seconds: 30);
        Assert.True(pooler.Server.PoolCounters.Error - errorsBefore >= MaxConnections,
            $"{pipeline}: {pooler.Server.PoolCounters.Error - errorsBefore} removals counted as errors after {fault}");
        var failures = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await using var connection = await pooler.OpenAsync();
                await PoolerInvariants.EchoAsync(connection);
                return await ScalarAsync<bool>(connection, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") ? null : "backend not over TLS";
            }
            catch (Exception ex) when (ex is NpgsqlException or CrossTalkException)
            {
                return ex is PostgresException pg ? $"{pg.SqlState} {pg.MessageText}" : ex.Message;
            }
        }));
        var failed = failures.Where(f => f is not null).ToList();
        Assert.True(failed.Count == 0, $"{pipeline} after {fault}: {failed.Count} of 20 new clients failed: {string.Join(" | ", failed.Take(3))}");
        await new PoolerInvariants(pooler, pipeline, MaxConnections).CheckAllAsync($"{pipeline}: TLS backends after {fault}");
    }

    /// <summary>The pooler's own copy of the CA (the server's copy belongs to the postgres OS user).</summary>
    private BackendTlsContext TlsContext()
    {
        var copy = _directory.Combine("ca.crt");
        File.Copy(Postgres.CertificateAuthority!.CaFile, copy, overwrite: true);
        Assert.True(BackendTlsContext.TryLoad(new TlsFiles("", "", copy), out var context, out var error), error);
        return context!;
    }

    /// <summary>MaxConnections backends idle in the pool, each checked to run over TLS.</summary>
    private static async Task FillPoolOverTlsAsync(PoolerHarness pooler)
    {
        var connections = new List<NpgsqlConnection>();
        for (var i = 0; i < MaxConnections; i++)
        {
            var connection = await pooler.OpenAsync();
            Assert.True(await ScalarAsync<bool>(connection, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), "backend not over TLS");
            connections.Add(connection);
        }
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()) is { Active: 0, Total: MaxConnections }, "pool filled with idle TLS backends");
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
