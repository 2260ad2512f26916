using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Agroal.Actors.Protocol;
using Agroal.Benchmarks.Relay;

namespace Agroal.Benchmarks.Pooler;

/// <summary>
/// A PostgreSQL client on a blocking socket: logs in with SCRAM-SHA-256 (from cached keys, its own side costs
/// HMACs, not PBKDF2) and runs the small query of <see cref="FakeQueryServer"/>. A round trip allocates nothing,
/// so the bytes a benchmark counts per round trip are the pooler's.
/// </summary>
internal sealed class BlockingPgClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] _buffer = new byte[16 * 1024];

    public BlockingPgClient(IPEndPoint pooler) => _socket.Connect(pooler);

    /// <summary>Startup, the SCRAM exchange and the greeting up to ReadyForQuery.</summary>
    public void Login(string user, string database, ScramClientSession scram)
    {
        _socket.Send(StartupMessage(user, database));
        while (true)
        {
            var (tag, length) = ReadMessage();
            switch (tag)
            {
                case (byte)'R':
                    var code = BinaryPrimitives.ReadInt32BigEndian(_buffer);
                    var data = _buffer.AsSpan(4, length - 4);
                    switch (code)
                    {
                        case 10:
                            _socket.Send(SaslInitialResponse(scram.Mechanism, scram.CreateClientFirst()));
                            break;
                        case 11:
                            var step = scram.HandleServerFirst(data);
                            if (!step.Success)
                            {
                                throw new InvalidOperationException("SCRAM: " + step.Error);
                            }
                            _socket.Send(Message((byte)'p', step.Message!));
                            break;
                        case 12:
                            if (!scram.VerifyServerFinal(data))
                            {
                                throw new InvalidOperationException("SCRAM: the pooler's signature is invalid");
                            }
                            break;
                    }
                    break;
                case (byte)'E':
                    throw new InvalidOperationException("login refused: " + Encoding.UTF8.GetString(_buffer, 0, length));
                case (byte)'Z':
                    return;
            }
        }
    }

    /// <summary>Sends the small query and reads its whole answer.</summary>
    public void RoundTrip()
    {
        _socket.Send(FakeQueryServer.Query);
        var expected = FakeQueryServer.Answer.Length;
        var received = 0;
        while (received < expected)
        {
            var read = _socket.Receive(_buffer, received, expected - received, SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("the pooler closed the connection");
            }
            received += read;
        }
    }

    public void Terminate() => _socket.Send([(byte)'X', 0, 0, 0, 4]);

    private (byte Tag, int Length) ReadMessage()
    {
        ReadExactly(0, 5);
        var tag = _buffer[0];
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(1)) - 4;
        ReadExactly(0, length);
        return (tag, length);
    }

    private void ReadExactly(int offset, int count)
    {
        while (count > 0)
        {
            var read = _socket.Receive(_buffer, offset, count, SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("the pooler closed the connection");
            }
            offset += read;
            count -= read;
        }
    }

    private static byte[] StartupMessage(string user, string database)
    {
        var body = Encoding.UTF8.GetBytes("user\0" + user + "\0database\0" + database + "\0\0");
        var message = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), 196608);
        body.CopyTo(message, 8);
        return message;
    }

    private static byte[] SaslInitialResponse(string mechanism, byte[] clientFirst)
    {
        var name = Encoding.UTF8.GetBytes(mechanism + "\0");
        var payload = new byte[name.Length + 4 + clientFirst.Length];
        name.CopyTo(payload, 0);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(name.Length), clientFirst.Length);
        clientFirst.CopyTo(payload, name.Length + 4);
        return Message((byte)'p', payload);
    }

    private static byte[] Message(byte tag, byte[] payload)
    {
        var message = new byte[5 + payload.Length];
        message[0] = tag;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), payload.Length + 4);
        payload.CopyTo(message, 5);
        return message;
    }

    public void Dispose() => _socket.Dispose();
}
