using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Agroal.Tests.Faults;

/// <summary>
/// A loopback TCP proxy between a real client and a pooler that keeps, per connection, every byte the client sent:
/// the fuzzer's recorded sessions. Server bytes pass through unrecorded.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<byte[]> _recorded = new();
    private readonly Task _accepting;

    private RecordingProxy(Socket listener, int targetPort)
    {
        _listener = listener;
        _targetPort = targetPort;
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>The client-to-server streams of the connections that have ended, in the order they ended.</summary>
    public IReadOnlyList<byte[]> Recorded => [.. _recorded];

    public static RecordingProxy Start(int targetPort)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return new RecordingProxy(listener, targetPort);
    }

    /// <summary>Waits until <paramref name="count"/> connections have ended (clients close asynchronously after their process exits).</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_recorded.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the proxy recorded {_recorded.Count} of {count} sessions within {timeout.TotalSeconds} s");
            await Task.Delay(20);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var recording = new MemoryStream();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var fromClient = PumpAsync(client, server, recording);
            var fromServer = PumpAsync(server, client, null);
            await Task.WhenAll(fromClient, fromServer);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            // The proxy is stopping, or the pooler refused: whatever the client sent is still its session.
        }
        finally
        {
            client.Dispose();
        }
        _recorded.Enqueue(recording.ToArray());
    }

    private async Task PumpAsync(Socket from, Socket to, MemoryStream? recording)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }
                recording?.Write(buffer, 0, read);
                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            // A reset on either side ends this direction like an end of stream.
        }
        try
        {
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
