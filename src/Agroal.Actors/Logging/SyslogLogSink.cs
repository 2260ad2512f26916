using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>
/// RFC 3164 datagrams to the local syslog socket, facility user: <c>&lt;PRI&gt;Mmm dd hh:mm:ss ident[pid]: LEVEL category message</c>.
/// No line prefix: syslog stamps its own time. Messages longer than the buffer are cut.
/// </summary>
internal sealed class SyslogLogSink : ILogSink
{
    private const int UserFacility = 1;
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly string _tag;
    // UTF-8 needs at most 3 bytes per UTF-16 char, so a text that fits _text always fits _datagram.
    private const int MaxChars = 2048;
    private readonly char[] _text = new char[MaxChars];
    private readonly byte[] _datagram = new byte[MaxChars * 3];

    private SyslogLogSink(Socket socket, UnixDomainSocketEndPoint endPoint, string ident)
    {
        _socket = socket;
        _endPoint = endPoint;
        _tag = ident + "[" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "]: ";
    }

    /// <summary>Connects to the syslog socket, or returns why it cannot.</summary>
    public static SyslogLogSink? TryOpen(LoggingSettings settings, out string? error)
    {
        if (!File.Exists(settings.SyslogSocket))
        {
            error = $"syslog socket {settings.SyslogSocket} does not exist";
            return null;
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            var endPoint = new UnixDomainSocketEndPoint(settings.SyslogSocket);
            socket.Connect(endPoint);
            error = null;
            return new SyslogLogSink(socket, endPoint, settings.SyslogIdent);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            error = $"could not connect to syslog socket {settings.SyslogSocket}: {ex.Message}";
            return null;
        }
    }

    /// <summary>RFC 5424 severities: crit, err, warning, info, debug.</summary>
    internal static int Severity(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    public void Write(LogLevel level, DateTimeOffset now, string prefix, string category, string message, string? exception)
    {
        var text = new SpanWriter(_text);
        text.Append('<');
        text.Append(UserFacility * 8 + Severity(level));
        text.Append('>');
        text.Append(Months[now.Month - 1]);
        text.Append(now.Day < 10 ? "  " : " ");
        text.Append(now.Day);
        text.Append(' ');
        text.Append(now.Hour, 2);
        text.Append(':');
        text.Append(now.Minute, 2);
        text.Append(':');
        text.Append(now.Second, 2);
        text.Append(' ');
        text.Append(_tag);
        text.Append(LogLevelNames.Label(level).TrimEnd());
        text.Append(' ');
        text.Append(category);
        text.Append(' ');
        text.Append(message);
        text.Append(exception);
        var length = Encoding.UTF8.GetBytes(text.Written, _datagram);
        try
        {
            _socket.Send(_datagram.AsSpan(0, length));
        }
        catch (SocketException)
        {
            // The syslog daemon restarted: reconnect once; a lost line is better than a stalled pooler.
            try
            {
                _socket.Connect(_endPoint);
                _socket.Send(_datagram.AsSpan(0, length));
            }
            catch (SocketException)
            {
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Appends into a fixed buffer, dropping what does not fit.</summary>
    private ref struct SpanWriter(Span<char> buffer)
    {
        private readonly Span<char> _buffer = buffer;
        private int _length;

        public readonly ReadOnlySpan<char> Written => _buffer[.._length];

        public void Append(char c)
        {
            if (_length < _buffer.Length)
            {
                _buffer[_length++] = c;
            }
        }

        public void Append(string? text)
        {
            if (text is null)
            {
                return;
            }
            var room = Math.Min(text.Length, _buffer.Length - _length);
            text.AsSpan(0, room).CopyTo(_buffer[_length..]);
            _length += room;
        }

        public void Append(int value, int width = 0)
        {
            if (value.TryFormat(_buffer[_length..], out var written, width == 2 ? "D2" : default, CultureInfo.InvariantCulture))
            {
                _length += written;
            }
        }
    }
}
