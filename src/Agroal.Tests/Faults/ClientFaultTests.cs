using System.Diagnostics;
using System.Text;
using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>Clients that die or misbehave at the worst moment; everyone else must carry on and nothing dirty is reused.</summary>
[Collection(FaultCollection.Name)]
public sealed class ClientFaultTests(FaultPostgresFixture fixture)
{
    private const int MaxConnections = 4;

    private PostgresServer Postgres => fixture.Server;

    public static TheoryData<PipelineKind> Pipelines => new() { PipelineKind.Performance, PipelineKind.Session, PipelineKind.Transaction };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public async Task Clients_killed_mid_copy_mid_transaction_and_mid_pipeline_leave_nothing_dirty(PipelineKind pipeline)
    {
        await Postgres.ExecuteScalarAsync($"CREATE TABLE IF NOT EXISTS fault_copy(v text); GRANT ALL ON fault_copy TO {Postgres.User}", Postgres.Database);
        await using var pooler = await StartAsync(pipeline);
        for (var round = 0; round < 6; round++)
        {
            // Mid-COPY: rows sent, no CopyDone.
            var copy = await WireClient.LoginAsync(pooler.Port, Postgres.User, Postgres.Database);
            await copy.SendAsync(WireClient.Query("COPY fault_copy FROM STDIN"));
            await copy.ReadMessageAsync(TimeSpan.FromSeconds(10));
            await copy.SendAsync(WireClient.CopyData("a\nb\n"));
            copy.Abort();

            // Mid-transaction, with a session setting that must not leak in session mode.
            var transaction = await WireClient.LoginAsync(pooler.Port, Postgres.User, Postgres.Database);
            await transaction.SendAsync(WireClient.Query($"SET {PoolerInvariants.ProbeSetting} = 'dirty'; {PoolerInvariants.DirtyBegin}; SELECT 1"));
            await transaction.ReadUntilReadyAsync(TimeSpan.FromSeconds(10));
            transaction.Abort();

            // Mid-pipeline: extended-protocol messages without Sync, half a message at the end.
            var pipelined = await WireClient.LoginAsync(pooler.Port, Postgres.User, Postgres.Database);
            var half = WireClient.Parse("", "SELECT 2");
            await pipelined.SendAsync([.. WireClient.Parse("s1", "SELECT 1"), .. WireClient.Bind("", "s1"), .. WireClient.Execute(), .. half.AsSpan(0, 7)]);
            pipelined.Abort();

            await new PoolerInvariants(pooler, pipeline, MaxConnections).ServesNewClientAsync($"{pipeline} round {round}");
        }
        await new PoolerInvariants(pooler, pipeline, MaxConnections).CheckAllAsync($"{pipeline}: clients killed mid-way");
    }

    [Fact]
    public async Task Clients_killed_mid_authentication_and_trickling_past_authentication_timeout_are_closed()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s => s with
        {
            MaxConnections = MaxConnections, AuthenticationTimeout = TimeSpan.FromSeconds(2),
        });
        // Mid-authentication: the SCRAM exchange started, the client dies.
        for (var i = 0; i < 20; i++)
        {
            var client = await WireClient.OpenAsync(pooler.Port);
            await client.SendAsync(WireClient.Startup(Postgres.User, Postgres.Database));
            await client.ReadMessageAsync(TimeSpan.FromSeconds(10));
            client.Abort();
        }
        // Trickling: one byte every 300 ms never completes the startup packet in time.
        var tricklers = Enumerable.Range(0, 5).Select(async _ =>
        {
            await using var client = await WireClient.OpenAsync(pooler.Port);
            var startup = WireClient.Startup(Postgres.User, Postgres.Database);
            var watch = Stopwatch.StartNew();
            try
            {
                for (var b = 0; b < startup.Length; b++)
                {
                    await client.SendAsync(startup.AsMemory(b, 1));
                    await Task.Delay(300);
                    if (watch.Elapsed > TimeSpan.FromSeconds(20))
                    {
                        break;
                    }
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Closed by the pooler while still trickling: what is expected.
            }
            Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)), "a trickling client was not closed");
            return watch.Elapsed;
        }).ToList();
        await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).ServesNewClientAsync("while clients trickle");
        foreach (var elapsed in await Task.WhenAll(tricklers))
        {
            Assert.True(elapsed < TimeSpan.FromSeconds(20), $"a trickling client lasted {elapsed}");
        }
        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Services.Counters.Authenticating == 0), "no client left authenticating");
        await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).CheckAllAsync("killed mid-authentication, trickling");
    }

    [Fact]
    public async Task Each_login_phase_gets_the_whole_authentication_timeout_and_a_silent_password_phase_is_closed()
    {
        var timeout = TimeSpan.FromSeconds(3);
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction, s => s with
        {
            MaxConnections = MaxConnections, Method = HbaMethod.Password, AuthenticationTimeout = timeout,
        });

        // Startup trickled over most of the timeout, then the password after most of it again: both phases are in
        // time on their own, so the login succeeds even though the whole of it took longer than the timeout. The
        // 1.2 s left in each phase is for a loaded machine's late timers.
        await using (var slow = await WireClient.OpenAsync(pooler.Port))
        {
            var startup = WireClient.Startup(Postgres.User, Postgres.Database);
            await slow.SendAsync(startup.AsMemory(0, 8));
            await Task.Delay(timeout * 0.6);
            await slow.SendAsync(startup.AsMemory(8));
            var request = await slow.ReadMessageAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(BackendTag.Authentication, request?.Tag);
            await Task.Delay(timeout * 0.6);
            await slow.SendAsync(WireClient.Message(FrontendTag.Password, WireClient.CString(Postgres.Password)));
            var answer = await slow.ReadUntilReadyAsync(TimeSpan.FromSeconds(10));
            Assert.True(answer is { Count: > 0 } && answer[^1].Tag == BackendTag.ReadyForQuery, "slow login: " + WireClient.Describe(answer));
            await slow.SendAsync(WireClient.Query("SELECT 1"));
            Assert.Null(WireClient.SqlStateOf(await slow.ReadUntilReadyAsync(TimeSpan.FromSeconds(10))));
        }

        // A client that sends its startup packet and never answers the password request is closed.
        await using var silent = await WireClient.OpenAsync(pooler.Port);
        await silent.SendAsync(WireClient.Startup(Postgres.User, Postgres.Database));
        Assert.Equal(BackendTag.Authentication, (await silent.ReadMessageAsync(TimeSpan.FromSeconds(10)))?.Tag);
        Assert.True(await silent.IsClosedByPeerAsync(TimeSpan.FromSeconds(15)), "a client silent in the password phase was not closed");
        await Eventually.TrueAsync(() => Task.FromResult(pooler.Server.Services.Counters.Authenticating == 0), "no client left authenticating");
        await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).CheckAllAsync("slow and silent logins");
    }

    [Fact]
    public async Task A_client_that_stops_reading_a_large_result_holds_only_its_own_backend()
    {
        await using var pooler = await StartAsync(PipelineKind.Transaction);
        var stalled = await WireClient.LoginAsync(pooler.Port, Postgres.User, Postgres.Database);
        stalled.Socket.ReceiveBufferSize = 4096;
        await stalled.SendAsync(WireClient.Query("SELECT repeat('x', 1000) FROM generate_series(1, 200000)"));
        // Others keep being served while it sits on a backend that cannot finish writing.
        for (var i = 0; i < 10; i++)
        {
            await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).ServesNewClientAsync($"beside a stalled reader {i}");
        }
        stalled.Abort();
        await new PoolerInvariants(pooler, PipelineKind.Transaction, MaxConnections).CheckAllAsync("stalled reader gone");
    }

    [Theory]
    [InlineData(PipelineKind.Transaction)]
    [InlineData(PipelineKind.Session)]
    public async Task An_unknown_message_type_gets_08P01_and_never_reaches_the_backend(PipelineKind pipeline)
    {
        await using var pooler = await StartAsync(pipeline);
        var backendsBefore = await Postgres.ExecuteScalarAsync(
            $"SELECT count(*) FROM pg_stat_activity WHERE usename = '{Postgres.User}'");
        var logBefore = File.Exists(Postgres.LogFile) ? new FileInfo(Postgres.LogFile).Length : 0;
        foreach (var tag in new byte[] { (byte)'1', 0, (byte)'p', (byte)'z' })
        {
            var client = await WireClient.LoginAsync(pooler.Port, Postgres.User, Postgres.Database);
            // A valid query in the same packet goes on; the bad message after it does not.
            await client.SendAsync([.. WireClient.Query("BEGIN"), .. WireClient.Message(tag, "junk"u8)]);
            var replies = new List<(byte Tag, byte[] Body)>();
            while (await client.ReadMessageAsync(TimeSpan.FromSeconds(10)) is { } message)
            {
                replies.Add(message);
            }
            Assert.Equal("08P01", WireClient.SqlStateOf(replies.Where(m => m.Tag == BackendTag.ErrorResponse)));
            Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)), "the client was not closed");
            await client.DisposeAsync();
        }
        await new PoolerInvariants(pooler, pipeline, MaxConnections).CheckAllAsync($"{pipeline}: unknown message types");
        var log = await ReadFromAsync(Postgres.LogFile, logBefore);
        Assert.DoesNotContain("invalid frontend message type", log, StringComparison.Ordinal);
        Assert.True(int.Parse(await Postgres.ExecuteScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE usename = '{Postgres.User}'"), System.Globalization.CultureInfo.InvariantCulture)
            <= Math.Max(int.Parse(backendsBefore, System.Globalization.CultureInfo.InvariantCulture), MaxConnections));
    }

    private Task<PoolerHarness> StartAsync(PipelineKind pipeline) =>
        PoolerHarness.StartAsync(Postgres, pipeline, s => s with
        {
            MaxConnections = MaxConnections, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(30),
        });

    private static async Task<string> ReadFromAsync(string path, long offset)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
