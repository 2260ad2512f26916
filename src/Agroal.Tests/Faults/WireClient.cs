using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Faults;

/// <summary>
/// A raw socket speaking just enough of the protocol (startup with trust, messages as bytes) for the fault cases
/// that must misbehave at a precise byte: vanish mid-message, send garbage, trickle, or never read.
/// </summary>
public sealed class WireClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private byte[] _incoming = new byte[16 * 1024];
    private int _start;
    private int _end;

    private WireClient(Socket socket) => _socket = socket;

    public Socket Socket => _socket;

    public static async Task<WireClient> OpenAsync(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        return new WireClient(socket);
    }

    /// <summary>Connects and logs in (trust); returns once the pooler said ReadyForQuery.</summary>
    public static async Task<WireClient> LoginAsync(int port, string user, string database, string? applicationName = null)
    {
        var client = await OpenAsync(port);
        await client.SendAsync(Startup(user, database, applicationName));
        var messages = await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30));
        if (messages is null || messages[^1].Tag != BackendTag.ReadyForQuery)
        {
            await client.DisposeAsync();
            throw new InvalidOperationException("login failed: " + Describe(messages));
        }
        return client;
    }

    public static byte[] Startup(string user, string database, string? applicationName = null)
    {
        var writer = new ArrayBufferWriter<byte>();
        var parameters = new List<KeyValuePair<string, string>> { new("user", user), new("database", database) };
        if (applicationName is not null)
        {
            parameters.Add(new("application_name", applicationName));
        }
        FrontendMessages.WriteStartupMessage(writer, parameters);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] Message(byte tag, ReadOnlySpan<byte> body)
    {
        var bytes = new byte[body.Length + 5];
        bytes[0] = tag;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), body.Length + 4);
        body.CopyTo(bytes.AsSpan(5));
        return bytes;
    }

    public static byte[] Query(string sql) => Message(FrontendTag.Query, CString(sql));

    public static byte[] Parse(string name, string sql) => Message(FrontendTag.Parse, [.. CString(name), .. CString(sql), 0, 0]);

    public static byte[] Bind(string portal, string statement) => Message(FrontendTag.Bind, [.. CString(portal), .. CString(statement), 0, 0, 0, 0, 0, 0]);

    public static byte[] Describe(byte kind, string name) => Message(FrontendTag.Describe, [kind, .. CString(name)]);

    public static byte[] Execute(string portal = "") => Message(FrontendTag.Execute, [.. CString(portal), 0, 0, 0, 0]);

    public static byte[] Sync() => Message(FrontendTag.Sync, []);

    public static byte[] Terminate() => Message(FrontendTag.Terminate, []);

    public static byte[] CopyData(string text) => Message(FrontendTag.CopyData, Encoding.UTF8.GetBytes(text));

    public static byte[] CString(string text) => [.. Encoding.UTF8.GetBytes(text), 0];

    public Task SendAsync(byte[] bytes) => SendAsync(bytes.AsMemory());

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[sent..];
        }
    }

    /// <summary>The next whole message, or null at end of stream or when nothing whole came within <paramref name="timeout"/>.</summary>
    public async Task<(byte Tag, byte[] Body)?> ReadMessageAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                if (_end - _start >= 5)
                {
                    var length = BinaryPrimitives.ReadInt32BigEndian(_incoming.AsSpan(_start + 1));
                    if (length < 4)
                    {
                        throw new InvalidDataException($"bad length {length} from the pooler");
                    }
                    if (_end - _start >= length + 1)
                    {
                        var tag = _incoming[_start];
                        var body = _incoming.AsSpan(_start + 5, length - 4).ToArray();
                        _start += length + 1;
                        return (tag, body);
                    }
                    if (length + 1 > _incoming.Length - _start)
                    {
                        var bigger = new byte[Math.Max(_incoming.Length * 2, length + 1)];
                        Array.Copy(_incoming, _start, bigger, 0, _end - _start);
                        _end -= _start;
                        _start = 0;
                        _incoming = bigger;
                    }
                }
                if (_end == _incoming.Length)
                {
                    Array.Copy(_incoming, _start, _incoming, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                var read = await _socket.ReceiveAsync(_incoming.AsMemory(_end), SocketFlags.None, deadline.Token);
                if (read == 0)
                {
                    return null;
                }
                _end += read;
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Messages up to ReadyForQuery; ends early (last message not 'Z') on an end of stream or a timeout; null when nothing came.</summary>
    public async Task<List<(byte Tag, byte[] Body)>?> ReadUntilReadyAsync(TimeSpan timeout)
    {
        var messages = new List<(byte Tag, byte[] Body)>();
        while (true)
        {
            var message = await ReadMessageAsync(timeout);
            if (message is not { } m)
            {
                return messages.Count == 0 ? null : messages;
            }
            messages.Add(m);
            if (m.Tag == BackendTag.ReadyForQuery)
            {
                return messages;
            }
        }
    }

    /// <summary>True once the pooler has closed the connection (reads drain anything it still sent).</summary>
    public async Task<bool> IsClosedByPeerAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var message = await ReadMessageAsync(deadline - DateTime.UtcNow);
            if (message is null)
            {
                return DateTime.UtcNow < deadline || !_socket.Connected || await PeerGoneAsync();
            }
        }
        return await PeerGoneAsync();
    }

    private async Task<bool> PeerGoneAsync()
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            var read = await _socket.ReceiveAsync(new byte[1], SocketFlags.None, quick.Token);
            return read == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public static string? SqlStateOf(IEnumerable<(byte Tag, byte[] Body)>? messages)
    {
        if (messages is null)
        {
            return null;
        }
        foreach (var (tag, body) in messages)
        {
            if (tag == BackendTag.ErrorResponse)
            {
                return ErrorResponseReader.Parse(new ReadOnlySequence<byte>(body)).SqlState;
            }
        }
        return null;
    }

    public static string Describe(IEnumerable<(byte Tag, byte[] Body)>? messages) =>
        messages is null ? "(nothing)" : string.Concat(messages.Select(m => (char)m.Tag)) + " " + (SqlStateOf(messages) ?? "");

    /// <summary>Closes with a reset (RST), as a killed process's socket would.</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
        _socket.Close();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
