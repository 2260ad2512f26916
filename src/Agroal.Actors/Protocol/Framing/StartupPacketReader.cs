using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Agroal.Actors.Protocol;

/// <summary>
/// Reads the untagged first packet of a connection: StartupMessage, SSLRequest, GSSENCRequest or
/// CancelRequest. Protocol 3.x of any minor version is accepted: options named <c>_pq_.*</c> are
/// set apart and <see cref="StartupPacket.NeedsProtocolNegotiation"/> tells the caller to answer
/// with NegotiateProtocolVersion for 3.0, as PostgreSQL 15 does.
/// </summary>
public static class StartupPacketReader
{
    private const string ProtocolOptionPrefix = "_pq_.";

    public static ParseStatus TryParse(
        in ReadOnlySequence<byte> buffer,
        out SequencePosition consumed,
        out StartupPacket? packet,
        out string? error)
    {
        consumed = buffer.Start;
        packet = null;
        error = null;

        if (buffer.Length < 4)
        {
            return ParseStatus.NeedMoreData;
        }

        Span<byte> lengthBytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(lengthBytes);
        var length = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
        if (length < ProtocolCodes.MinStartupPacketLength || length > ProtocolCodes.MaxStartupPacketLength)
        {
            error = "invalid length of startup packet";
            return ParseStatus.Invalid;
        }

        if (buffer.Length < length)
        {
            return ParseStatus.NeedMoreData;
        }

        var packetBytes = buffer.Slice(0, length);
        ParseStatus status;
        if (packetBytes.IsSingleSegment)
        {
            status = ParseWhole(packetBytes.FirstSpan, out packet, out error);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                packetBytes.CopyTo(rented);
                status = ParseWhole(rented.AsSpan(0, length), out packet, out error);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        if (status == ParseStatus.Complete)
        {
            consumed = packetBytes.End;
        }

        return status;
    }

    private static ParseStatus ParseWhole(ReadOnlySpan<byte> whole, out StartupPacket? packet, out string? error)
    {
        packet = null;
        error = null;
        var code = BinaryPrimitives.ReadInt32BigEndian(whole[4..]);
        var body = whole[8..];

        switch (code)
        {
            case ProtocolCodes.SslRequest:
                return Request(StartupPacketKind.SslRequest, code, body, out packet, out error);
            case ProtocolCodes.GssEncRequest:
                return Request(StartupPacketKind.GssEncRequest, code, body, out packet, out error);
            case ProtocolCodes.CancelRequest:
                if (body.Length != 8)
                {
                    error = "invalid length of query cancel packet";
                    return ParseStatus.Invalid;
                }

                packet = StartupPacket.ForCancel(
                    BinaryPrimitives.ReadInt32BigEndian(body),
                    BinaryPrimitives.ReadInt32BigEndian(body[4..]));
                return ParseStatus.Complete;
        }

        var major = ProtocolCodes.MajorVersion(code);
        var minor = ProtocolCodes.MinorVersion(code);
        if (major == ProtocolCodes.RequestCodeMajor)
        {
            error = $"unsupported frontend protocol request code {major}.{minor}";
            return ParseStatus.Invalid;
        }

        if (major != 3)
        {
            error = $"unsupported frontend protocol {major}.{minor}: server supports 3.0 to 3.0";
            return ParseStatus.Invalid;
        }

        return ParseStartup(code, body, out packet, out error);
    }

    private static ParseStatus Request(
        StartupPacketKind kind, int code, ReadOnlySpan<byte> body, out StartupPacket? packet, out string? error)
    {
        packet = null;
        error = null;
        if (!body.IsEmpty)
        {
            error = "invalid length of startup packet";
            return ParseStatus.Invalid;
        }

        packet = StartupPacket.ForRequest(kind, code);
        return ParseStatus.Complete;
    }

    private static ParseStatus ParseStartup(int code, ReadOnlySpan<byte> body, out StartupPacket? packet, out string? error)
    {
        packet = null;
        if (!Utf8.IsValid(body))
        {
            error = "invalid byte sequence for encoding \"UTF8\" in startup packet";
            return ParseStatus.Invalid;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        List<string>? protocolOptions = null;
        string? user = null;
        string? database = null;
        string? applicationName = null;
        var terminated = false;

        while (!body.IsEmpty)
        {
            var nameEnd = body.IndexOf((byte)0);
            if (nameEnd < 0)
            {
                break;
            }

            if (nameEnd == 0)
            {
                terminated = body.Length == 1;
                break;
            }

            var name = Encoding.UTF8.GetString(body[..nameEnd]);
            body = body[(nameEnd + 1)..];
            var valueEnd = body.IndexOf((byte)0);
            if (valueEnd < 0)
            {
                break;
            }

            var value = Encoding.UTF8.GetString(body[..valueEnd]);
            body = body[(valueEnd + 1)..];

            if (name.StartsWith(ProtocolOptionPrefix, StringComparison.Ordinal))
            {
                (protocolOptions ??= []).Add(name);
                continue;
            }

            parameters.Add(new KeyValuePair<string, string>(name, value));
            switch (name)
            {
                case "user":
                    user = value;
                    break;
                case "database":
                    database = value;
                    break;
                case "application_name":
                    applicationName = value;
                    break;
            }
        }

        if (!terminated)
        {
            error = "invalid startup packet layout: expected terminator as last byte";
            return ParseStatus.Invalid;
        }

        if (string.IsNullOrEmpty(user))
        {
            error = "no PostgreSQL user name specified in startup packet";
            return ParseStatus.Invalid;
        }

        if (string.IsNullOrEmpty(database))
        {
            database = user;
        }

        error = null;
        packet = StartupPacket.ForStartup(code, parameters, protocolOptions, user, database, applicationName);
        return ParseStatus.Complete;
    }
}
