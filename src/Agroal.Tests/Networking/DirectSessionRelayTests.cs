using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Agroal.Actors.Clients.Pipelines;
using Agroal.Actors.Networking.Epoll;
using Agroal.Tests.Integration.Pooling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Networking;

/// <summary>
/// The session relay run inside the epoll loops (<see cref="SessionRelay.RunDirectAsync"/>) between two real sockets,
/// with plain sockets playing the client and PostgreSQL: bytes arrive whole and in order both ways, through full
/// sockets that pause and resume the other side's receive, with what the pipe held before the relay first; each end
/// (Terminate, FATAL, the client's close, a stop) ends it as the pipe relay ends, and what arrives after a stop is
/// left in the input pipe for the next reader. Each case runs with both sockets on one loop and on two.
/// </summary>
public sealed class DirectSessionRelayTests
{
    private static readonly byte[] Terminate = [(byte)'X', 0, 0, 0, 4];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Bytes_arrive_whole_and_in_order_both_ways_through_full_sockets_and_a_Terminate_ends_the_relay_unsent(int loops)
    {
        await using var pair = await RelayedPair.ConnectAsync(loops);
        // Sent before the relay starts and left in the client's input pipe: it must go first.
        var early = Query("select 'before the relay'");
        await pair.ClientPeer.SendAsync(early);
        await pair.WaitUntilClientPipeHoldsAsync(early.Length);

        var relay = new SessionRelay(maxClientMessageLength: 0);
        var run = relay.RunDirectAsync(pair.Client, pair.Server, CancellationToken.None);

        // The server floods 8 MiB of rows while the client reads none: the client's socket and writer fill, and the
        // server's receive must pause rather than queue without bound.
        var rows = new MemoryStream();
        for (var i = 0; i < 2048; i++)
        {
            rows.Write(DataRow(RandomNumberGenerator.GetBytes(4096 - 9)));
        }
        rows.Write(ReadyForQuery);
        var serverSending = pair.ServerPeer.SendAsync(rows.ToArray());
        // Meanwhile the client sends 200 queries (700 KiB), which the server reads as they come.
        var queries = new MemoryStream();
        queries.Write(early);
        var last = Query("select 'last'");
        var stream = new MemoryStream();
        for (var i = 0; i < 200; i++)
        {
            stream.Write(Query($"select {i}, '{new string('q', i * 37)}'"));
        }
        queries.Write(stream.ToArray());
        queries.Write(last);
        var serverReading = ReadExactlyAsync(pair.ServerPeer, queries.Length);
        await pair.ClientPeer.SendAsync(stream.ToArray()).WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(200);
        Assert.False(serverSending.IsCompleted, "8 MiB fitted into socket buffers: the relay never had to pause");

        var received = await ReadExactlyAsync(pair.ClientPeer, rows.Length);
        await serverSending.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(SHA256.HashData(rows.ToArray()), SHA256.HashData(received));

        // The Terminate ends the relay and never reaches the server; the query before it in the same packet does.
        await pair.ClientPeer.SendAsync(Concat(last, Terminate));
        Assert.Equal(RelayEnd.ClientTerminated, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(SHA256.HashData(queries.ToArray()), SHA256.HashData(await serverReading));
        await Task.Delay(100);
        Assert.Equal(0, pair.ServerPeer.Available);
        Assert.Equal(202, relay.Queries);
        Assert.False(relay.BackendIsQuiet, "202 queries were sent and the server answered one: not quiet");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_FATAL_from_the_server_reaches_the_client_and_ends_the_relay(int loops)
    {
        await using var pair = await RelayedPair.ConnectAsync(loops);
        var relay = new SessionRelay(maxClientMessageLength: 0);
        var run = relay.RunDirectAsync(pair.Client, pair.Server, CancellationToken.None);

        var fatal = ErrorResponse("FATAL", "57P01", "terminating connection due to administrator command");
        await pair.ServerPeer.SendAsync(fatal);

        Assert.Equal(RelayEnd.ServerFatal, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(fatal, await ReadExactlyAsync(pair.ClientPeer, fatal.Length));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_client_closing_its_socket_ends_the_relay_as_vanished(int loops)
    {
        await using var pair = await RelayedPair.ConnectAsync(loops);
        var relay = new SessionRelay(maxClientMessageLength: 0);
        var run = relay.RunDirectAsync(pair.Client, pair.Server, CancellationToken.None);

        pair.ClientPeer.Shutdown(SocketShutdown.Both);

        Assert.Equal(RelayEnd.ClientVanished, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_client_reset_before_the_relay_starts_ends_it_as_vanished(int loops)
    {
        await using var pair = await RelayedPair.ConnectAsync(loops);
        // The client sends a query and resets, and the loop has seen both before the relay attaches: the input pipe
        // then throws the reset at its reader, whatever it buffered.
        await pair.ClientPeer.SendAsync(Query("select 1"));
        pair.ClientPeer.LingerState = new LingerOption(true, 0);
        pair.ClientPeer.Close();
        var input = ((Microsoft.AspNetCore.Connections.ConnectionContext)pair.Client).Transport.Input;
        await Eventually.TrueAsync(() => Task.FromResult(ReceiveEnded(input)), "the client's reset reached its input pipe");

        var relay = new SessionRelay(maxClientMessageLength: 0);
        var end = await relay.RunDirectAsync(pair.Client, pair.Server, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RelayEnd.ClientVanished, end);
    }

    /// <summary>True once the pipe's writer completed (a reset makes the reader throw it); a peek, nothing is consumed.</summary>
    private static bool ReceiveEnded(System.IO.Pipelines.PipeReader input)
    {
        try
        {
            if (!input.TryRead(out var read))
            {
                return false;
            }
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            return read.IsCompleted;
        }
        catch (IOException)
        {
            return true;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_stop_ends_the_relay_and_later_bytes_wait_in_the_input_pipes(int loops)
    {
        await using var pair = await RelayedPair.ConnectAsync(loops);
        var relay = new SessionRelay(maxClientMessageLength: 0);
        using var stop = new CancellationTokenSource();
        var run = relay.RunDirectAsync(pair.Client, pair.Server, stop.Token);
        var query = Query("select 1");
        await pair.ClientPeer.SendAsync(query);
        Assert.Equal(query, await ReadExactlyAsync(pair.ServerPeer, query.Length));

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        // After the relay the session reads the sockets itself again (a reset query, a FATAL to the client).
        await pair.ServerPeer.SendAsync(ReadyForQuery);
        await pair.ClientPeer.SendAsync(query);
        Assert.Equal(ReadyForQuery, await ReadPipeAsync(pair.Server, ReadyForQuery.Length));
        Assert.Equal(query, await ReadPipeAsync(pair.Client, query.Length));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_message_type_not_allowed_after_login_stops_before_it_and_is_named(int loops)
    {
        await using var pair = await RelayedPair.ConnectAsync(loops);
        var relay = new SessionRelay(maxClientMessageLength: 0);
        var run = relay.RunDirectAsync(pair.Client, pair.Server, CancellationToken.None);
        var query = Query("select 1");

        await pair.ClientPeer.SendAsync(Concat(query, [(byte)'!', 0, 0, 0, 4]));

        Assert.Equal(RelayEnd.ClientUnknownMessageType, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal((byte)'!', relay.RejectedTag);
        Assert.Equal(query, await ReadExactlyAsync(pair.ServerPeer, query.Length));
    }

    private static byte[] Query(string text)
    {
        var body = Encoding.UTF8.GetBytes(text + "\0");
        var message = new byte[5 + body.Length];
        message[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + body.Length);
        body.CopyTo(message, 5);
        return message;
    }

    private static byte[] DataRow(byte[] value)
    {
        var message = new byte[1 + 4 + 2 + 4 + value.Length];
        message[0] = (byte)'D';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), message.Length - 1);
        BinaryPrimitives.WriteInt16BigEndian(message.AsSpan(5), 1);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(7), value.Length);
        value.CopyTo(message, 11);
        return message;
    }

    private static readonly byte[] ReadyForQuery = [(byte)'Z', 0, 0, 0, 5, (byte)'I'];

    private static byte[] ErrorResponse(string severity, string code, string text)
    {
        var fields = new MemoryStream();
        foreach (var (type, value) in new[] { ('S', severity), ('V', severity), ('C', code), ('M', text) })
        {
            fields.WriteByte((byte)type);
            fields.Write(Encoding.UTF8.GetBytes(value + "\0"));
        }
        fields.WriteByte(0);
        var message = new byte[5 + fields.Length];
        message[0] = (byte)'E';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + (int)fields.Length);
        fields.ToArray().CopyTo(message, 5);
        return message;
    }

    private static byte[] Concat(byte[] first, byte[] second) => [.. first, .. second];

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, long length)
    {
        var buffer = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var count = await socket.ReceiveAsync(buffer.AsMemory(filled)).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(count > 0, $"the relay's peer closed after {filled} of {length} bytes");
            filled += count;
        }
        return buffer;
    }

    private static async Task<byte[]> ReadPipeAsync(EpollConnection connection, int length)
    {
        var input = ((Microsoft.AspNetCore.Connections.ConnectionContext)connection).Transport.Input;
        while (true)
        {
            var read = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (read.Buffer.Length >= length)
            {
                var bytes = read.Buffer.Slice(0, length).ToArray();
                input.AdvanceTo(read.Buffer.GetPosition(length));
                return bytes;
            }
            Assert.False(read.IsCompleted, "the input ended before the bytes came");
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>
    /// Two engine connections to plain peers, the client's and the server's side of a relay, with 64 KiB socket buffers:
    /// small enough that megabytes fill them, large enough that TCP's window opens in whole segments.
    /// </summary>
    private sealed class RelayedPair : IAsyncDisposable
    {
        private readonly EpollEngine _engine;

        private RelayedPair(EpollEngine engine, EpollConnection client, Socket clientPeer, EpollConnection server, Socket serverPeer)
        {
            _engine = engine;
            Client = client;
            ClientPeer = clientPeer;
            Server = server;
            ServerPeer = serverPeer;
        }

        public EpollConnection Client { get; }

        public Socket ClientPeer { get; }

        public EpollConnection Server { get; }

        public Socket ServerPeer { get; }

        public static async Task<RelayedPair> ConnectAsync(int loops)
        {
            var engine = new EpollEngine(NullLoggerFactory.Instance, loops);
            static void Small(Socket socket)
            {
                socket.SendBufferSize = 64 * 1024;
                socket.ReceiveBufferSize = 64 * 1024;
            }
            var (client, clientPeer) = await EpollTestSockets.ConnectToPlainPeerAsync(engine, Small);
            var (server, serverPeer) = await EpollTestSockets.ConnectToPlainPeerAsync(engine, Small);
            clientPeer.ReceiveBufferSize = 64 * 1024;
            serverPeer.SendBufferSize = 64 * 1024;
            return new RelayedPair(engine, (EpollConnection)client, clientPeer, (EpollConnection)server, serverPeer);
        }

        /// <summary>Waits until the client's input pipe holds the bytes, without taking them.</summary>
        public async Task WaitUntilClientPipeHoldsAsync(int length)
        {
            var input = ((Microsoft.AspNetCore.Connections.ConnectionContext)Client).Transport.Input;
            while (true)
            {
                var read = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                var enough = read.Buffer.Length >= length;
                input.AdvanceTo(read.Buffer.Start, enough ? read.Buffer.Start : read.Buffer.End);
                if (enough)
                {
                    return;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            ClientPeer.Dispose();
            ServerPeer.Dispose();
            Client.Abort();
            Server.Abort();
            await ((Microsoft.AspNetCore.Connections.ConnectionContext)Client).DisposeAsync();
            await ((Microsoft.AspNetCore.Connections.ConnectionContext)Server).DisposeAsync();
            _engine.Dispose();
        }
    }
}
