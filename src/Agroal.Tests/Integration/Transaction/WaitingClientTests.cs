using System.Globalization;
using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Transaction;

/// <summary>
/// Clients that wait for a backend in the transaction pipeline: while queued, a client's bytes wait in a small copy of
/// the relay's own (the client side's carry inside the epoll loop, with the socket's receive paused; or the pipe
/// relay's parking copy), so ten thousand waiters do not pin ten thousand blocks, and are relayed from there once a
/// backend comes. Every byte must still arrive, once, in order.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WaitingClientTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    /// <param name="epoll">
    /// agroal's epoll engine, whose relay keeps a waiting client's bytes in its receiver's carry; false: .NET's socket
    /// engine, whose pipe relay parks them in the session's copy or leaves them in the socket's buffer.
    /// </param>
    private Task<PoolerHarness> StartAsync(bool epoll) =>
        PoolerHarness.StartAsync(Postgres, PipelineKind.Transaction,
            s => s with { MaxConnections = 1, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(60), UseEpollEngine = epoll });

    private Task<RawProtocolClient> ConnectAsync(PoolerHarness pooler) => RawProtocolClient.ConnectAsync(pooler.Port, Postgres.User, Postgres.Database);

    /// <summary>
    /// The only backend is held by an open transaction of <paramref name="holder"/> until it commits. Clients log in
    /// before this: in the transaction pipeline a login borrows a backend for its greeting too.
    /// </summary>
    private static async Task HoldTheBackendAsync(RawProtocolClient holder)
    {
        var begun = await holder.Query("BEGIN").RoundTripAsync();
        Assert.Equal((byte)'T', begun[^1].Body[0]);
    }

    private static async Task CommitAsync(RawProtocolClient holder)
    {
        var committed = await holder.Query("COMMIT").RoundTripAsync();
        Assert.Equal((byte)'I', committed[^1].Body[0]);
    }

    private static Task WaitersAsync(PoolerHarness pooler, int count) =>
        Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Waiting == count, $"{count} client(s) queued for the backend");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_waiting_clients_pipelined_simple_and_extended_messages_all_run_in_order_once_a_backend_is_free(bool epoll)
    {
        await using var pooler = await StartAsync(epoll);
        await using var holder = await ConnectAsync(pooler);
        await using var waiter = await ConnectAsync(pooler);
        await HoldTheBackendAsync(holder);
        waiter.Query("SELECT 'first'").Parse("", "SELECT 'second'").Bind("", "").Execute().Sync().Query("SELECT 'third'");
        await waiter.FlushAsync();
        await WaitersAsync(pooler, 1);

        await CommitAsync(holder);
        foreach (var expected in new[] { "first", "second", "third" })
        {
            var replies = await waiter.ReadUntilReadyAsync();
            Assert.Equal(expected, replies.FirstRow()[0]);
            Assert.Equal((byte)'I', replies[^1].Body[0]);
        }
        Assert.Equal("again", (await waiter.Query("SELECT 'again'").RoundTripAsync()).FirstRow()[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_waiting_query_larger_than_the_parking_copy_stays_in_the_socket_buffer_and_arrives_whole(bool epoll)
    {
        await using var pooler = await StartAsync(epoll);
        await using var holder = await ConnectAsync(pooler);
        await using var waiter = await ConnectAsync(pooler);
        await HoldTheBackendAsync(holder);
        var text = new string('x', 5000);
        waiter.Query($"SELECT length('{text}')");
        await waiter.FlushAsync();
        await WaitersAsync(pooler, 1);

        await CommitAsync(holder);
        Assert.Equal("5000", (await waiter.ReadUntilReadyAsync()).FirstRow()[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_waiting_client_that_sends_a_megabyte_of_queries_is_served_in_order(bool epoll)
    {
        await using var pooler = await StartAsync(epoll);
        await using var holder = await ConnectAsync(pooler);
        await using var waiter = await ConnectAsync(pooler);
        await HoldTheBackendAsync(holder);
        // 1 MiB of queries while no backend is free. On epoll the relay stops reading the client past 64 KiB carried
        // and reads the rest once the carried part has gone to the backend; the pipe relay leaves it in the pipe.
        var text = new string('w', 16 * 1024);
        for (var i = 0; i < 64; i++)
        {
            waiter.Query($"SELECT {i}, length('{text}')");
        }
        // Not awaited yet: the client's socket fills once the relay stops reading it.
        var sending = waiter.FlushAsync();
        await WaitersAsync(pooler, 1);

        await CommitAsync(holder);
        await sending;
        for (var i = 0; i < 64; i++)
        {
            var replies = await waiter.ReadUntilReadyAsync();
            var row = replies.FirstRow();
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), row[0]);
            Assert.Equal("16384", row[1]);
        }
        Assert.Equal("after", (await waiter.Query("SELECT 'after'").RoundTripAsync()).FirstRow()[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_message_cut_in_two_while_its_client_waits_is_joined_before_it_reaches_the_backend(bool epoll)
    {
        await using var pooler = await StartAsync(epoll);
        await using var holder = await ConnectAsync(pooler);
        await using var waiter = await ConnectAsync(pooler);
        await HoldTheBackendAsync(holder);
        // The header says a query is coming (so the client queues for a backend) but its text is not all there yet.
        waiter.Query("SELECT 'joined'");
        await waiter.FlushPartAsync(MessageHeader.Size + 3);
        await WaitersAsync(pooler, 1);

        await CommitAsync(holder);
        await waiter.FlushAsync();
        Assert.Equal("joined", (await waiter.ReadUntilReadyAsync()).FirstRow()[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_queries_and_terminates_while_waiting_ends_once_served_and_others_carry_on(bool epoll)
    {
        await using var pooler = await StartAsync(epoll);
        await using var holder = await ConnectAsync(pooler);
        var leaver = await ConnectAsync(pooler);
        await HoldTheBackendAsync(holder);
        leaver.Query("SELECT 'leaving'").Terminate();
        await leaver.FlushAsync();
        await WaitersAsync(pooler, 1);

        await CommitAsync(holder);
        // The leaver's query went out; its reply, which nobody reads, leaves that backend's state unknown, so it is
        // closed rather than reused (as for any client gone with replies in flight). Nobody waits or holds one after.
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()) is { Active: 0, Waiting: 0 }, "the leaver was served and gone");
        await leaver.DisposeAsync();
        Assert.Equal("1", (await holder.Query("SELECT 1").RoundTripAsync()).FirstRow()[0]);
    }
}
