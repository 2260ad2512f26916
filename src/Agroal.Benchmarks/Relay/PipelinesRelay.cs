using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agroal.Benchmarks.Relay;

/// <summary>
/// The pooler's data path reduced to its transport: Kestrel's socket transport for the client side, the same
/// SocketConnectionContextFactory the backend connector uses for the server side, and two pipe-to-pipe pumps.
/// </summary>
internal sealed class PipelinesRelay : IAsyncDisposable
{
    private readonly IConnectionListener _listener;
    private readonly SocketConnectionContextFactory _backends =
        new(new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true }, NullLogger.Instance);
    private readonly IPEndPoint _server;
    private readonly CancellationTokenSource _stop = new();

    private PipelinesRelay(IConnectionListener listener, IPEndPoint server)
    {
        _listener = listener;
        _server = server;
        _ = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.EndPoint;

    public static async Task<PipelinesRelay> StartAsync(IPEndPoint server)
    {
        var factory = new SocketTransportFactory(Options.Create(new SocketTransportOptions { UnsafePreferInlineScheduling = true, NoDelay = true }),
            NullLoggerFactory.Instance);
        var listener = await factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0)).ConfigureAwait(false);
        return new PipelinesRelay(listener, server);
    }

    private async Task AcceptLoopAsync()
    {
        while (await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false) is { } client)
        {
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(ConnectionContext client)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(_server).ConfigureAwait(false);
        await using var server = _backends.Create(socket);
        await Task.WhenAll(PumpAsync(client.Transport.Input, server.Transport.Output), PumpAsync(server.Transport.Input, client.Transport.Output))
            .ConfigureAwait(false);
        await client.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task PumpAsync(PipeReader from, PipeWriter to)
    {
        try
        {
            while (true)
            {
                var result = await from.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    to.Write(segment.Span);
                }
                from.AdvanceTo(buffer.End);
                var flushed = await to.FlushAsync().ConfigureAwait(false);
                if (result.IsCompleted || flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ObjectDisposedException)
        {
        }
        await from.CompleteAsync().ConfigureAwait(false);
        await to.CompleteAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _listener.UnbindAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        _backends.Dispose();
        _stop.Dispose();
    }
}
