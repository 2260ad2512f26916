using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Agroal.Actors.Networking.Epoll;
using Agroal.Tests.Integration.Pooling;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Networking;

/// <summary>
/// The epoll socket engine on real loopback and Unix sockets: bytes intact both ways through back-pressure, the end of
/// a stream after the data that came with it, refused connects, and descriptors released by Abort or DisposeAsync.
/// </summary>
public sealed class EpollEngineTests : IDisposable
{
    private readonly EpollEngine _engine = new(NullLoggerFactory.Instance, loops: 2);

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task Sixteen_mebibytes_echo_back_intact_through_full_pipes_and_full_sockets()
    {
        using var listener = new TestListener(_engine, new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync();
        await using var client = await _engine.ConnectAsync(listener.EndPoint, static _ => { }, CancellationToken.None);
        await using var server = (await accepting)!;
        var echo = EchoAsync(server);

        var payload = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        // Written in one go, so the client's output pipe and both sockets fill while the echo is still reading.
        var writing = WriteAllAsync(client.Transport.Output, payload);
        var received = await ReadExactlyAsync(client.Transport.Input, payload.Length);
        await writing;
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(received));

        // As with Kestrel's socket transport, completing the output shuts the socket down both ways: the echo sees
        // the end, and this side's input ends with the reason.
        await client.Transport.Output.CompleteAsync();
        await echo.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<ConnectionAbortedException>(async () => await client.Transport.Input.ReadAsync());
    }

    [Fact]
    public async Task Bytes_sent_together_with_the_close_all_arrive_before_the_end_of_stream()
    {
        using var listener = new TestListener(_engine, new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync();
        var payload = RandomNumberGenerator.GetBytes(300_000);
        using (var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await peer.ConnectAsync(listener.EndPoint);
            await peer.SendAsync(payload);
            peer.Shutdown(SocketShutdown.Send);
        }
        await using var server = (await accepting)!;
        var received = await ReadExactlyAsync(server.Transport.Input, payload.Length);
        Assert.Equal(payload, received);
        var end = await server.Transport.Input.ReadAsync();
        Assert.True(end.IsCompleted);
        Assert.True(end.Buffer.IsEmpty);
        await Eventually.TrueAsync(() => Task.FromResult(server.ConnectionClosed.IsCancellationRequested), "ConnectionClosed after the end of stream");
    }

    [Fact]
    public async Task A_refused_connect_fails_with_connection_refused()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        var fd = -1;
        string? inode = null;
        var error = await Assert.ThrowsAsync<SocketException>(() =>
            _engine.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), socket =>
            {
                fd = Agroal.Actors.Networking.SocketDescriptor.Of(socket);
                inode = EpollTestSockets.SocketInode(fd);
            }, CancellationToken.None));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.NotNull(inode);
        Assert.NotEqual(inode, EpollTestSockets.SocketInode(fd));
    }

    [Fact]
    public async Task Abort_alone_tells_the_peer_and_releases_the_descriptor()
    {
        var (connection, peer) = await ConnectToPlainPeerAsync();
        using var peerSocket = peer;
        var fd = Agroal.Actors.Networking.SocketDescriptor.Of(connection);
        var inode = EpollTestSockets.SocketInode(fd);
        Assert.NotNull(inode);

        // A pooled backend found dead is aborted and never disposed: the transport must let go of it by itself.
        connection.Abort();
        var buffer = new byte[16];
        Assert.Equal(0, await peerSocket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10)));
        // The number may already serve another socket of this process; this socket's inode must be gone from it.
        await Eventually.TrueAsync(() => Task.FromResult(EpollTestSockets.SocketInode(fd) != inode), "the aborted socket's descriptor was closed");
        await Assert.ThrowsAsync<ConnectionAbortedException>(async () => await connection.Transport.Input.ReadAsync());
    }

    [Fact]
    public async Task DisposeAsync_sends_everything_written_then_closes()
    {
        var (connection, peer) = await ConnectToPlainPeerAsync();
        using var peerSocket = peer;
        var payload = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var reading = EpollTestSockets.ReadToEndAsync(peerSocket);
        var writing = WriteAllAsync(connection.Transport.Output, payload);
        await writing;
        await connection.DisposeAsync();
        Assert.Equal(payload, await reading);
    }

    [Fact]
    public async Task A_unix_socket_listener_serves_and_removes_its_file_when_disposed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"agroal-epoll-{Guid.NewGuid():N}.sock");
        var listener = new TestListener(_engine, new UnixDomainSocketEndPoint(path));
        Assert.True(File.Exists(path));
        var accepting = listener.AcceptAsync();
        await using (var client = await _engine.ConnectAsync(new UnixDomainSocketEndPoint(path), static _ => { }, CancellationToken.None))
        await using (var server = (await accepting)!)
        {
            var echo = EchoAsync(server);
            var payload = RandomNumberGenerator.GetBytes(100_000);
            await WriteAllAsync(client.Transport.Output, payload);
            Assert.Equal(payload, await ReadExactlyAsync(client.Transport.Input, payload.Length));
            await client.Transport.Output.CompleteAsync();
            await echo;
        }
        listener.Dispose();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_listener_on_a_port_in_use_says_address_in_use()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen(1);
        Assert.Throws<AddressInUseException>(() => new TestListener(_engine, holder.LocalEndPoint!));
    }

    [Fact]
    public async Task Clients_that_connect_together_are_all_accepted_from_one_edge()
    {
        using var listener = new TestListener(_engine, new IPEndPoint(IPAddress.Loopback, 0));
        var peers = new List<Socket>();
        try
        {
            // All connected before the loop gets to run its accept round: one edge, fifty clients in the backlog.
            var connects = new List<Task>();
            for (var i = 0; i < 50; i++)
            {
                var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                peers.Add(peer);
                connects.Add(peer.ConnectAsync(listener.EndPoint));
            }
            await Task.WhenAll(connects);
            for (var i = 0; i < 50; i++)
            {
                await using var server = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
                server.Abort();
            }
        }
        finally
        {
            foreach (var peer in peers)
            {
                peer.Dispose();
            }
        }
    }

    /// <summary>
    /// An accepted TCP client is adopted from accept4's own answer, with no .NET socket probing its descriptor: the
    /// peer's address must still be the client's own (HBA and the logs use it), the local one the listener's, and
    /// keep_alive and nodelay must reach the descriptor. IPv6 too, where the system has it.
    /// </summary>
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task An_accepted_client_knows_both_addresses_and_takes_keepalive_and_nodelay(string address)
    {
        var ip = IPAddress.Parse(address);
        if (ip.AddressFamily == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6)
        {
            return;
        }
        using var listener = new TestListener(_engine, new IPEndPoint(ip, 0));
        using var peer = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(listener.EndPoint);
        await using var server = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(peer.LocalEndPoint, server.RemoteEndPoint);
        Assert.Equal(listener.EndPoint, server.LocalEndPoint);
        foreach (var on in new[] { true, false })
        {
            Agroal.Actors.Networking.ClientSocketOptions.Apply(server, keepAlive: on, noDelay: on);
            var socket = server.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()!.Socket;
            Assert.Equal(on, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0);
            Assert.Equal(on, socket.NoDelay);
        }

        // The socket made on request shares the descriptor: bytes still flow, and the close still releases it.
        await peer.SendAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await ReadExactlyAsync(server.Transport.Input, 4));
        var fd = Agroal.Actors.Networking.SocketDescriptor.Of(server);
        Assert.NotNull(EpollTestSockets.SocketInode(fd));
        server.Abort();
        await server.DisposeAsync();
        Assert.Equal(0, await peer.ReceiveAsync(new byte[1]).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>An IPv4 client of an any-address IPv6 listener (dual mode, as agroal's <c>host = *</c>) shows its own
    /// address, IPv4-mapped, and its own port: HBA unmaps it.</summary>
    [Fact]
    public async Task An_ipv4_client_of_a_dual_mode_listener_shows_its_mapped_address()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }
        using var listener = new TestListener(_engine, new IPEndPoint(IPAddress.IPv6Any, 0));
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)listener.EndPoint).Port));
        await using var server = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var remote = Assert.IsType<IPEndPoint>(server.RemoteEndPoint);
        Assert.True(remote.Address.IsIPv4MappedToIPv6);
        Assert.Equal(IPAddress.Loopback, remote.Address.MapToIPv4());
        Assert.Equal(((IPEndPoint)peer.LocalEndPoint!).Port, remote.Port);
        server.Abort();
    }

    /// <summary>
    /// An accepted client's descriptor is closed by the engine itself when no .NET socket was ever made for it: the
    /// close must be graceful, so the peer reads every byte written before it, then the end; an abortive close would
    /// reset the connection and throw away what the peer had not read yet.
    /// </summary>
    [Fact]
    public async Task An_accepted_client_closed_with_unread_bytes_still_gets_them_all_then_the_end()
    {
        using var listener = new TestListener(_engine, new IPEndPoint(IPAddress.Loopback, 0));
        // A small receive window: most of the payload waits in the server's send queue, which a reset would discard.
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await peer.ConnectAsync(listener.EndPoint);
        var server = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var payload = RandomNumberGenerator.GetBytes(512 * 1024);

        // The peer reads nothing until the server has handed every byte to the kernel and closed.
        await WriteAllAsync(server.Transport.Output, payload);
        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(payload, await EpollTestSockets.ReadToEndAsync(peer));
    }

    /// <summary>An engine listener whose accepted connections queue up for the test to take.</summary>
    private sealed class TestListener : IDisposable
    {
        private readonly Channel<ConnectionContext> _accepted = Channel.CreateUnbounded<ConnectionContext>();
        private readonly EpollAcceptor _acceptor;

        public TestListener(EpollEngine engine, EndPoint endPoint)
        {
            _acceptor = engine.Listen(endPoint, 64, connection => _accepted.Writer.TryWrite(connection));
        }

        public EndPoint EndPoint => _acceptor.EndPoint;

        public Task<ConnectionContext> AcceptAsync() => _accepted.Reader.ReadAsync().AsTask();

        public void Dispose() => _acceptor.Dispose();
    }

    private Task<(ConnectionContext Connection, Socket Peer)> ConnectToPlainPeerAsync() => EpollTestSockets.ConnectToPlainPeerAsync(_engine);

    private static async Task EchoAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        while (true)
        {
            var read = await input.ReadAsync();
            foreach (var segment in read.Buffer)
            {
                await output.WriteAsync(segment);
            }
            input.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }
        await output.CompleteAsync();
    }

    private static async Task WriteAllAsync(PipeWriter output, byte[] payload)
    {
        for (var offset = 0; offset < payload.Length; offset += 65536)
        {
            await output.WriteAsync(payload.AsMemory(offset, Math.Min(65536, payload.Length - offset)));
        }
    }

    private static async Task<byte[]> ReadExactlyAsync(PipeReader input, int length)
    {
        var received = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            var take = (int)Math.Min(read.Buffer.Length, length - filled);
            read.Buffer.Slice(0, take).CopyTo(received.AsSpan(filled));
            filled += take;
            input.AdvanceTo(read.Buffer.GetPosition(take));
            Assert.False(read.IsCompleted && filled < length, $"the stream ended after {filled} of {length} bytes");
        }
        return received;
    }
}
