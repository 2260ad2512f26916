using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Metrics;

/// <summary>
/// Sits before TLS on the HTTPS metrics port: a connection whose first byte is not a TLS handshake record is a plain
/// HTTP request, answered with 301 to the same path over https (as pgagroal does) and closed.
/// </summary>
internal static class PlaintextRedirect
{
    private const byte TlsHandshakeRecord = 0x16;
    private const int MaxRequestLine = 8 * 1024;

    public static ConnectionDelegate Middleware(ConnectionDelegate next) => connection => HandleAsync(connection, next);

    private static async Task HandleAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        var read = await input.ReadAsync().ConfigureAwait(false);
        var buffer = read.Buffer;
        if (buffer.IsEmpty || buffer.FirstSpan[0] == TlsHandshakeRecord)
        {
            // Nothing consumed and nothing examined: TLS reads the same bytes again.
            input.AdvanceTo(buffer.Start);
            await next(connection).ConfigureAwait(false);
            return;
        }
        while (buffer.PositionOf((byte)'\n') is null && buffer.Length < MaxRequestLine && !read.IsCompleted)
        {
            input.AdvanceTo(buffer.Start, buffer.End);
            read = await input.ReadAsync().ConfigureAwait(false);
            buffer = read.Buffer;
        }
        var path = RequestPath(buffer);
        input.AdvanceTo(buffer.End);
        var port = (connection.LocalEndPoint as IPEndPoint)?.Port ?? 0;
        var response = "HTTP/1.1 301 Moved Permanently\r\n" +
            $"Location: https://localhost:{port}{path}\r\n" +
            "Content-Length: 0\r\nConnection: close\r\n\r\n";
        await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(response)).ConfigureAwait(false);
        await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>The target of "METHOD /path HTTP/1.x", or "/" when the line cannot be read.</summary>
    internal static string RequestPath(in ReadOnlySequence<byte> buffer)
    {
        var end = buffer.PositionOf((byte)'\n');
        var line = Encoding.ASCII.GetString(end is { } position ? buffer.Slice(0, position) : buffer.Slice(0, Math.Min(buffer.Length, MaxRequestLine)));
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[1].StartsWith('/'))
        {
            return "/";
        }
        // Only a plain path goes into the Location header: no control characters or spaces.
        foreach (var c in parts[1])
        {
            if (c < 0x21 || c > 0x7e)
            {
                return "/";
            }
        }
        return parts[1];
    }
}
