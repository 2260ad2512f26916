using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Agroal.Benchmarks.Relay;

namespace Agroal.Benchmarks.Pooler;

/// <summary>
/// Stands in for PostgreSQL behind the real pooler: a login with trust (AuthenticationOk, a few ParameterStatus,
/// BackendKeyData, ReadyForQuery) and the same canned answer (<see cref="FakeQueryServer.Answer"/>) to every simple
/// query, so the pooler's own work is what a benchmark measures. One blocking thread per backend connection, with
/// buffers allocated once per connection: the server side allocates nothing per query.
/// </summary>
internal sealed class FakePostgresServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly byte[] _greeting = BuildGreeting();
    private int _stopped;

    public FakePostgresServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        new Thread(AcceptLoop) { IsBackground = true, Name = "fake-postgres-accept" }.Start();
    }

    public IPEndPoint EndPoint { get; }

    private void AcceptLoop()
    {
        while (Volatile.Read(ref _stopped) == 0)
        {
            Socket socket;
            try
            {
                socket = _listener.Accept();
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            socket.NoDelay = true;
            new Thread(Serve) { IsBackground = true, Name = "fake-postgres-backend" }.Start(socket);
        }
    }

    private void Serve(object? state)
    {
        using var socket = (Socket)state!;
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                // Startup packet: length, then protocol code; an SSLRequest is refused and the real startup follows.
                if (!ReadExactly(socket, buffer, 0, 4))
                {
                    return;
                }
                var length = BinaryPrimitives.ReadInt32BigEndian(buffer);
                if (!ReadExactly(socket, buffer, 4, length - 4))
                {
                    return;
                }
                if (BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(4)) == 80877103)
                {
                    socket.Send("N"u8);
                    continue;
                }
                break;
            }
            socket.Send(_greeting);
            while (true)
            {
                if (!ReadExactly(socket, buffer, 0, 5))
                {
                    return;
                }
                var tag = buffer[0];
                var body = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(1)) - 4;
                if (body > buffer.Length || !ReadExactly(socket, buffer, 0, body))
                {
                    return;
                }
                if (tag == (byte)'X')
                {
                    return;
                }
                if (tag == (byte)'Q')
                {
                    socket.Send(FakeQueryServer.Answer);
                }
            }
        }
        catch (SocketException)
        {
        }
    }

    private static bool ReadExactly(Socket socket, byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            var read = socket.Receive(buffer, offset, count, SocketFlags.None);
            if (read == 0)
            {
                return false;
            }
            offset += read;
            count -= read;
        }
        return true;
    }

    private static byte[] BuildGreeting()
    {
        using var stream = new MemoryStream();
        stream.Write([(byte)'R', 0, 0, 0, 8, 0, 0, 0, 0]);
        foreach (var (name, value) in new[]
                 {
                     ("server_version", "15.0"), ("server_encoding", "UTF8"), ("client_encoding", "UTF8"), ("DateStyle", "ISO, MDY"),
                     ("TimeZone", "UTC"), ("integer_datetimes", "on"), ("standard_conforming_strings", "on"), ("application_name", ""),
                 })
        {
            var payload = Encoding.UTF8.GetBytes(name + "\0" + value + "\0");
            stream.WriteByte((byte)'S');
            stream.Write(BigEndian(payload.Length + 4));
            stream.Write(payload);
        }
        stream.Write([(byte)'K', 0, 0, 0, 12, 0, 0, 0, 42, 0, 0, 0, 7]);
        stream.Write([(byte)'Z', 0, 0, 0, 5, (byte)'I']);
        return stream.ToArray();
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _stopped, 1);
        _listener.Dispose();
    }
}
