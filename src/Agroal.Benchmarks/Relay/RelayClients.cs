using System.Net;
using System.Net.Sockets;

namespace Agroal.Benchmarks.Relay;

/// <summary>Client sockets that each send one small query and read its whole answer per round trip.</summary>
internal sealed class RelayClients : IDisposable
{
    private readonly Socket[] _sockets;
    private readonly byte[][] _buffers;
    private readonly Task[] _pending;

    public RelayClients(IPEndPoint relay, int count)
    {
        _sockets = new Socket[count];
        _buffers = new byte[count][];
        _pending = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(relay);
            _sockets[i] = socket;
            _buffers[i] = new byte[FakeQueryServer.Answer.Length];
        }
        // The first round trip also waits until every relay has its server connection.
        RoundTripAllAsync().GetAwaiter().GetResult();
    }

    public Task RoundTripAllAsync()
    {
        for (var i = 0; i < _sockets.Length; i++)
        {
            _pending[i] = RoundTripAsync(_sockets[i], _buffers[i]);
        }
        return Task.WhenAll(_pending);
    }

    private static async Task RoundTripAsync(Socket socket, byte[] buffer)
    {
        await socket.SendAsync(FakeQueryServer.Query, SocketFlags.None).ConfigureAwait(false);
        var received = 0;
        while (received < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the relay closed the connection");
            }
            received += read;
        }
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }
}
