using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Agroal.Actors.Clients;
using Agroal.Actors.Protocol;
using Agroal.Tests.Faults;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Auth;

/// <summary>
/// The SCRAM login run inside the client socket's epoll loop (<see cref="LoginOnLoop"/>), spoken byte by byte from a
/// raw socket: whatever it does not take whole (a message split across sends, an encryption request, a malformed or
/// unexpected message, a stall, a client that leaves) the async login finishes, with the same answers as before.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LoginOnLoopTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    public enum Split
    {
        None,
        Startup,
        ClientFirst,
        ClientFinal,
    }

    [Theory]
    [InlineData(PipelineKind.Transaction, Split.None)]
    [InlineData(PipelineKind.Transaction, Split.Startup)]
    [InlineData(PipelineKind.Transaction, Split.ClientFirst)]
    [InlineData(PipelineKind.Transaction, Split.ClientFinal)]
    [InlineData(PipelineKind.Session, Split.None)]
    [InlineData(PipelineKind.Session, Split.Startup)]
    [InlineData(PipelineKind.Session, Split.ClientFirst)]
    [InlineData(PipelineKind.Session, Split.ClientFinal)]
    public async Task A_message_split_across_sends_at_any_step_still_logs_in(PipelineKind pipeline, Split split)
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, pipeline);
        await using var client = await WireClient.OpenAsync(pooler.Port);
        var messages = await ScramLoginAsync(client, Postgres.Password, split);
        Assert.Equal(BackendTag.ReadyForQuery, messages[^1].Tag);
        await client.SendAsync(WireClient.Query("SELECT 41 + 1"));
        var reply = await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30));
        Assert.Null(WireClient.SqlStateOf(reply));
        Assert.Contains(reply!, m => m.Tag == BackendTag.DataRow);
    }

    [Theory]
    [InlineData(PipelineKind.Transaction, false)]
    [InlineData(PipelineKind.Transaction, true)]
    [InlineData(PipelineKind.Session, false)]
    [InlineData(PipelineKind.Session, true)]
    public async Task A_trust_login_is_accepted_at_the_startup_packet_whole_or_split(PipelineKind pipeline, bool split)
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, pipeline, s => s with { Method = Actors.Configuration.HbaMethod.Trust });
        await using var client = await WireClient.OpenAsync(pooler.Port);
        await SendAsync(client, WireClient.Startup(Postgres.User, Postgres.Database), split);
        var greeting = await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30));
        Assert.True(greeting is [{ Tag: BackendTag.Authentication }, ..] && BinaryPrimitives.ReadInt32BigEndian(greeting[0].Body) == 0,
            "expected AuthenticationOk first: " + WireClient.Describe(greeting));
        Assert.Equal(BackendTag.ReadyForQuery, greeting![^1].Tag);
        await client.SendAsync(WireClient.Query("SELECT 1"));
        Assert.Null(WireClient.SqlStateOf(await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30))));
    }

    [Theory]
    [InlineData(80877103)]
    [InlineData(80877104)]
    public async Task An_encryption_request_is_declined_and_the_login_goes_on(int requestCode)
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction);
        await using var client = await WireClient.OpenAsync(pooler.Port);
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), requestCode);
        await client.SendAsync(request);
        var answer = new byte[1];
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal(1, await client.Socket.ReceiveAsync(answer, SocketFlags.None, timeout.Token));
        }
        Assert.Equal((byte)'N', answer[0]);
        var messages = await ScramLoginAsync(client, Postgres.Password, Split.None);
        Assert.Equal(BackendTag.ReadyForQuery, messages[^1].Tag);
    }

    [Fact]
    public async Task A_wrong_proof_is_refused_with_28P01_and_others_still_log_in()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction);
        await using (var client = await WireClient.OpenAsync(pooler.Port))
        {
            var messages = await ScramLoginAsync(client, "not the password", Split.None);
            Assert.Equal("28P01", WireClient.SqlStateOf(messages));
            Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        }
        await using var connection = await pooler.OpenAsync();
    }

    [Fact]
    public async Task A_query_where_the_client_first_message_belongs_is_refused_with_28P01()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction);
        await using var client = await WireClient.OpenAsync(pooler.Port);
        await client.SendAsync(WireClient.Startup(Postgres.User, Postgres.Database));
        var request = await client.ReadMessageAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(BackendTag.Authentication, request?.Tag);
        await client.SendAsync(WireClient.Query("SELECT 1"));
        var reply = await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("28P01", WireClient.SqlStateOf(reply));
        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_client_silent_after_its_startup_packet_is_closed_after_the_authentication_timeout()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction,
            s => s with { AuthenticationTimeout = TimeSpan.FromSeconds(1) });
        await using var client = await WireClient.OpenAsync(pooler.Port);
        await client.SendAsync(WireClient.Startup(Postgres.User, Postgres.Database));
        var request = await client.ReadMessageAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(BackendTag.Authentication, request?.Tag);
        var waited = Stopwatch.StartNew();
        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(20)));
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(500), $"closed after {waited.Elapsed}, before the timeout");
        await using var connection = await pooler.OpenAsync();
    }

    [Fact]
    public async Task A_client_that_leaves_right_after_its_startup_packet_leaves_no_session_and_pg_isready_says_accepting()
    {
        await using var pooler = await PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction);
        for (var i = 0; i < 20; i++)
        {
            await using var client = await WireClient.OpenAsync(pooler.Port);
            await client.SendAsync(WireClient.Startup(Postgres.User, Postgres.Database));
        }
        var isReady = Process.Start(new ProcessStartInfo(Path.Combine(PostgresServer.DefaultBinDirectory, "pg_isready"), $"-h 127.0.0.1 -p {pooler.Port} -U {Postgres.User}")
        {
            RedirectStandardOutput = true,
        })!;
        await isReady.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, isReady.ExitCode);
        await using var connection = await pooler.OpenAsync();
        await Eventually.TrueAsync(async () => await Lifecycle.ClientActorReuseTests.CountClientsAsync(pooler) == 1,
            "only the open connection still has a session");
    }

    /// <summary>
    /// SCRAM-SHA-256 as libpq speaks it, with the message of <paramref name="split"/> sent in two parts a moment
    /// apart; returns the messages after the client-final one, up to ReadyForQuery or an error.
    /// </summary>
    private async Task<List<(byte Tag, byte[] Body)>> ScramLoginAsync(WireClient client, string password, Split split)
    {
        await SendAsync(client, WireClient.Startup(Postgres.User, Postgres.Database), split == Split.Startup);
        var request = await client.ReadMessageAsync(TimeSpan.FromSeconds(30));
        Assert.True(request is { Tag: BackendTag.Authentication } && BinaryPrimitives.ReadInt32BigEndian(request.Value.Body) == 10,
            "expected AuthenticationSASL");
        var scram = new ScramClientSession(password);
        var first = new ArrayBufferWriter<byte>();
        FrontendMessages.WriteSaslInitialResponse(first, ScramServerSession.Mechanism, scram.CreateClientFirst());
        await SendAsync(client, first.WrittenMemory.ToArray(), split == Split.ClientFirst);
        var serverFirst = await client.ReadMessageAsync(TimeSpan.FromSeconds(30));
        Assert.True(serverFirst is { Tag: BackendTag.Authentication } && BinaryPrimitives.ReadInt32BigEndian(serverFirst.Value.Body) == 11,
            "expected AuthenticationSASLContinue");
        var step = scram.HandleServerFirst(serverFirst!.Value.Body.AsSpan(4));
        Assert.True(step.Success, step.Error);
        var final = new ArrayBufferWriter<byte>();
        FrontendMessages.WriteSaslResponse(final, step.Message!);
        await SendAsync(client, final.WrittenMemory.ToArray(), split == Split.ClientFinal);
        return await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30)) ?? [];
    }

    private static async Task SendAsync(WireClient client, byte[] message, bool split)
    {
        if (!split)
        {
            await client.SendAsync(message);
            return;
        }
        await client.SendAsync(message.AsMemory(0, 3));
        await Task.Delay(100);
        await client.SendAsync(message.AsMemory(3));
    }
}
