using System.Net;
using System.Net.Sockets;

namespace Agroal.Benchmarks.Relay;

/// <summary>
/// Stands in for PostgreSQL on loopback: every small query it reads gets the same canned answer
/// (RowDescription, DataRow, CommandComplete, ReadyForQuery), so the relay in front of it is what is measured.
/// </summary>
internal sealed class FakeQueryServer : IDisposable
{
    public static readonly byte[] Query = Agroal.Actors.Protocol.PregeneratedMessages.Query("SELECT 1").ToArray();

    public static readonly byte[] Answer =
    [
        (byte)'T', 0, 0, 0, 33, 0, 1, (byte)'?', (byte)'c', (byte)'o', (byte)'l', (byte)'u', (byte)'m', (byte)'n', (byte)'?', 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 23, 0, 4, 255, 255, 255, 255, 0, 0,
        (byte)'D', 0, 0, 0, 11, 0, 1, 0, 0, 0, 1, (byte)'1',
        (byte)'C', 0, 0, 0, 13, (byte)'S', (byte)'E', (byte)'L', (byte)'E', (byte)'C', (byte)'T', (byte)' ', (byte)'1', 0,
        (byte)'Z', 0, 0, 0, 5, (byte)'I',
    ];

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();

    public FakeQueryServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _ = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            socket.NoDelay = true;
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[4096];
        var pending = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }
                pending += read;
                while (pending >= Query.Length)
                {
                    pending -= Query.Length;
                    await socket.SendAsync(Answer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }
}
