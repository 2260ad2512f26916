using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography;
using Agroal.Actors.Networking;
using Agroal.Actors.Networking.Epoll;
using Agroal.Tests.Integration.Pooling;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Networking;

/// <summary>
/// The epoll connection's output against a peer that stops reading: flushes go on until 64 KiB wait behind the full
/// socket, the queue leaves in order once the peer reads, and a waiting flush is released by the peer's reset, by
/// Abort and by CancelPendingFlush, each with the socket's descriptor let go.
/// </summary>
public sealed class EpollSocketWriterTests : IDisposable
{
    private const int Chunk = 16 * 1024;

    private readonly EpollEngine _engine = new(NullLoggerFactory.Instance, loops: 1);

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task A_full_socket_makes_a_flush_wait_and_the_queue_leaves_in_order_when_the_peer_reads()
    {
        var (connection, peer) = await ConnectSmallAsync();
        using var peerSocket = peer;
        var output = connection.Transport.Output;
        var written = new MemoryStream();
        var waiting = await FillUntilAFlushWaitsAsync(output, written);

        var reading = EpollTestSockets.ReadToEndAsync(peerSocket);
        var resumed = await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(resumed.IsCompleted);
        Assert.False(resumed.IsCanceled);

        // More after the wait, then the end: it comes after every queued byte.
        var tail = RandomNumberGenerator.GetBytes(3 * Chunk);
        written.Write(tail);
        await output.WriteAsync(tail);
        await output.CompleteAsync();
        Assert.Equal(SHA256.HashData(written.ToArray()), SHA256.HashData(await reading));
        await connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_peer_reset_fails_the_waiting_flush_and_the_descriptor_is_let_go()
    {
        var (connection, peer) = await ConnectSmallAsync();
        var fd = SocketDescriptor.Of(connection);
        var inode = EpollTestSockets.SocketInode(fd);
        var waiting = await FillUntilAFlushWaitsAsync(connection.Transport.Output, new MemoryStream());

        peer.LingerState = new LingerOption(true, 0);
        peer.Dispose();

        var failure = await Record.ExceptionAsync(async () =>
        {
            var result = await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(result.IsCompleted, "a flush after the peer's reset says the output is over");
        });
        Assert.True(failure is null or ConnectionResetException, $"unexpected {failure}");
        await Eventually.TrueAsync(() => Task.FromResult(EpollTestSockets.SocketInode(fd) != inode), "the reset socket's descriptor was closed");
    }

    [Fact]
    public async Task Abort_releases_a_flush_waiting_for_the_socket_and_the_descriptor()
    {
        var (connection, peer) = await ConnectSmallAsync();
        using var peerSocket = peer;
        var fd = SocketDescriptor.Of(connection);
        var inode = EpollTestSockets.SocketInode(fd);
        var waiting = await FillUntilAFlushWaitsAsync(connection.Transport.Output, new MemoryStream());

        connection.Abort();

        var result = await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.IsCompleted);
        var after = await connection.Transport.Output.WriteAsync(new byte[] { 1, 2, 3 });
        Assert.True(after.IsCompleted);
        await Eventually.TrueAsync(() => Task.FromResult(EpollTestSockets.SocketInode(fd) != inode), "the aborted socket's descriptor was closed");
    }

    [Fact]
    public async Task CancelPendingFlush_releases_a_waiting_flush_as_cancelled()
    {
        var (connection, peer) = await ConnectSmallAsync();
        using var peerSocket = peer;
        var output = connection.Transport.Output;
        var waiting = await FillUntilAFlushWaitsAsync(output, new MemoryStream());

        output.CancelPendingFlush();

        var result = await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.IsCanceled);
        Assert.False(result.IsCompleted);
        connection.Abort();
    }

    [Fact]
    public async Task A_flush_cancelled_in_advance_says_so_and_still_sends_its_bytes()
    {
        var (connection, peer) = await EpollTestSockets.ConnectToPlainPeerAsync(_engine);
        using var peerSocket = peer;
        var output = connection.Transport.Output;

        output.CancelPendingFlush();
        var result = await output.WriteAsync(new byte[] { 1, 2, 3 });

        Assert.True(result.IsCanceled);
        Assert.False(result.IsCompleted);
        await output.CompleteAsync();
        Assert.Equal(new byte[] { 1, 2, 3 }, await EpollTestSockets.ReadToEndAsync(peerSocket));
        await connection.DisposeAsync();
    }

    /// <summary>Small socket buffers on both ends, so a few hundred KiB fill them.</summary>
    private async Task<(ConnectionContext Connection, Socket Peer)> ConnectSmallAsync()
    {
        var (connection, peer) = await EpollTestSockets.ConnectToPlainPeerAsync(_engine, static socket => socket.SendBufferSize = 4096);
        peer.ReceiveBufferSize = 4096;
        return (connection, peer);
    }

    /// <summary>Writes and flushes chunks (recording them) until a flush does not complete at once; returns that flush.</summary>
    private static async Task<ValueTask<FlushResult>> FillUntilAFlushWaitsAsync(PipeWriter output, MemoryStream written)
    {
        for (var i = 0; i < 4096; i++)
        {
            var chunk = RandomNumberGenerator.GetBytes(Chunk);
            written.Write(chunk);
            chunk.CopyTo(output.GetMemory(Chunk));
            output.Advance(Chunk);
            var flush = output.FlushAsync();
            if (!flush.IsCompleted)
            {
                // Past 64 KiB queued, and the socket full under it: a flush waits only there.
                Assert.True(written.Length > 64 * 1024, $"a flush waited after only {written.Length} bytes");
                return flush;
            }
            var result = await flush;
            Assert.False(result.IsCompleted, "the output ended while the peer was only not reading");
        }
        throw new Xunit.Sdk.XunitException("64 MiB were flushed without any flush waiting for the socket");
    }
}
