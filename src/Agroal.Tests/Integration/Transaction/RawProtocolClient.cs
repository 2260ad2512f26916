using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Integration.Transaction;

/// <summary>
/// A bare PostgreSQL protocol client (trust authentication) that sends exactly the messages a test asks for, so
/// pipelines, named statements and errors in the middle of a batch can be driven message by message.
/// </summary>
public sealed class RawProtocolClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly ArrayBufferWriter<byte> _outgoing = new(1024);
    private byte[] _incoming = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawProtocolClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public int ProcessId { get; private set; }

    public int SecretKey { get; private set; }

    public static async Task<RawProtocolClient> ConnectAsync(int port, string user, string database)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        var client = new RawProtocolClient(tcp);
        FrontendMessages.WriteStartupMessage(client._outgoing, [new("user", user), new("database", database)]);
        await client.FlushAsync();
        foreach (var message in await client.ReadUntilReadyAsync())
        {
            if (message.Tag == BackendTag.ErrorResponse)
            {
                throw new InvalidOperationException("login failed: " + message.Error.Message);
            }
            if (message.Tag == BackendTag.BackendKeyData)
            {
                client.ProcessId = BinaryPrimitives.ReadInt32BigEndian(message.Body);
                client.SecretKey = BinaryPrimitives.ReadInt32BigEndian(message.Body.AsSpan(4));
            }
        }
        return client;
    }

    public RawProtocolClient Query(string sql)
    {
        FrontendMessages.WriteQuery(_outgoing, sql);
        return this;
    }

    public RawProtocolClient Parse(string name, string sql)
    {
        FrontendMessages.WriteParse(_outgoing, name, sql, []);
        return this;
    }

    /// <summary>Bind with no parameters and text results.</summary>
    public RawProtocolClient Bind(string portal, string statement)
    {
        var body = Encoding.UTF8.GetByteCount(portal) + 1 + Encoding.UTF8.GetByteCount(statement) + 1 + 6;
        var span = _outgoing.GetSpan(body + 5);
        span[0] = FrontendTag.Bind;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], body + 4);
        var at = 5;
        at += Encoding.UTF8.GetBytes(portal, span[at..]);
        span[at++] = 0;
        at += Encoding.UTF8.GetBytes(statement, span[at..]);
        span[at++] = 0;
        span.Slice(at, 6).Clear();
        _outgoing.Advance(at + 6);
        return this;
    }

    public RawProtocolClient Describe(byte kind, string name)
    {
        FrontendMessages.WriteDescribe(_outgoing, kind, name);
        return this;
    }

    public RawProtocolClient Execute(string portal = "")
    {
        FrontendMessages.WriteExecute(_outgoing, portal, 0);
        return this;
    }

    public RawProtocolClient Close(byte kind, string name)
    {
        FrontendMessages.WriteClose(_outgoing, kind, name);
        return this;
    }

    public RawProtocolClient Sync()
    {
        FrontendMessages.WriteSync(_outgoing);
        return this;
    }

    public RawProtocolClient Terminate()
    {
        FrontendMessages.WriteTerminate(_outgoing);
        return this;
    }

    public async Task FlushAsync()
    {
        await _stream.WriteAsync(_outgoing.WrittenMemory);
        _outgoing.ResetWrittenCount();
    }

    /// <summary>Sends only the first <paramref name="bytes"/> of what is queued; the rest waits for the next flush.</summary>
    public async Task FlushPartAsync(int bytes)
    {
        var queued = _outgoing.WrittenMemory.ToArray();
        await _stream.WriteAsync(queued.AsMemory(0, bytes));
        _outgoing.ResetWrittenCount();
        _outgoing.Write(queued.AsSpan(bytes));
    }

    /// <summary>Sends what is queued and reads the replies up to and including the next ReadyForQuery.</summary>
    public async Task<List<RawMessage>> RoundTripAsync()
    {
        await FlushAsync();
        return await ReadUntilReadyAsync();
    }

    public async Task<List<RawMessage>> ReadUntilReadyAsync()
    {
        var messages = new List<RawMessage>();
        while (true)
        {
            var message = await ReadMessageAsync();
            messages.Add(message);
            if (message.Tag == BackendTag.ReadyForQuery)
            {
                return messages;
            }
        }
    }

    public async Task<RawMessage> ReadMessageAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_end - _start >= 5)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(_incoming.AsSpan(_start + 1));
                if (_end - _start >= length + 1)
                {
                    var message = new RawMessage(_incoming[_start], _incoming.AsSpan(_start + 5, length - 4).ToArray());
                    _start += length + 1;
                    return message;
                }
                if (length + 1 > _incoming.Length)
                {
                    Array.Resize(ref _incoming, length + 1);
                }
            }
            if (_start > 0)
            {
                Array.Copy(_incoming, _start, _incoming, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var read = await _stream.ReadAsync(_incoming.AsMemory(_end), timeout.Token);
            if (read == 0)
            {
                throw new EndOfStreamException("the pooler closed the connection");
            }
            _end += read;
        }
    }

    public void Abort() => _tcp.Client.Close(0);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_tcp.Connected)
            {
                Terminate();
                await FlushAsync();
            }
        }
        catch (IOException)
        {
        }
        _tcp.Dispose();
    }
}

public sealed record RawMessage(byte Tag, byte[] Body)
{
    public ErrorFields Error => ErrorResponseReader.Parse(new ReadOnlySequence<byte>(Body));

    /// <summary>The columns of a DataRow as text (null for SQL NULL).</summary>
    public string?[] Columns
    {
        get
        {
            var count = BinaryPrimitives.ReadInt16BigEndian(Body);
            var values = new string?[count];
            var at = 2;
            for (var i = 0; i < count; i++)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(Body.AsSpan(at));
                at += 4;
                if (length >= 0)
                {
                    values[i] = Encoding.UTF8.GetString(Body, at, length);
                    at += length;
                }
            }
            return values;
        }
    }

    public override string ToString() => ((char)Tag).ToString();
}

public static class RawMessages
{
    public static string Tags(this IEnumerable<RawMessage> messages) => string.Concat(messages.Select(m => (char)m.Tag));

    public static string? SqlState(this IEnumerable<RawMessage> messages) =>
        messages.FirstOrDefault(m => m.Tag == BackendTag.ErrorResponse)?.Error.SqlState;

    public static string?[] FirstRow(this IEnumerable<RawMessage> messages) => messages.First(m => m.Tag == BackendTag.DataRow).Columns;
}
