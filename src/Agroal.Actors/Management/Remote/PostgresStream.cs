using System.Buffers;
using System.Buffers.Binary;

namespace Agroal.Actors.Management.Remote;

/// <summary>
/// PostgreSQL v3 messages over a plain <see cref="Stream"/>, for the management login only: a handful of small
/// messages per connection, so clarity wins over the pooler's pipe-based framing.
/// </summary>
internal static class PostgresStream
{
    /// <summary>Login messages are small; a longer one is a protocol error.</summary>
    public const int MaxLoginMessage = 16 * 1024;

    /// <summary>The untagged first packet (length included), or null when the peer closed or sent a bad length.</summary>
    public static async Task<byte[]?> ReadStartupAsync(Stream stream, CancellationToken cancellationToken)
    {
        var lengthBytes = new byte[4];
        if (!await ReadExactlyAsync(stream, lengthBytes, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
        if (length < 8 || length > Protocol.ProtocolCodes.MaxStartupPacketLength)
        {
            return null;
        }
        var packet = new byte[length];
        lengthBytes.CopyTo(packet, 0);
        return await ReadExactlyAsync(stream, packet.AsMemory(4), cancellationToken).ConfigureAwait(false) ? packet : null;
    }

    /// <summary>One tagged message: its tag and payload (without the length), or null on close or a bad length.</summary>
    public static async Task<(byte Tag, byte[] Payload)?> ReadMessageAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        if (!await ReadExactlyAsync(stream, header, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        if (length < 4 || length - 4 > MaxLoginMessage)
        {
            return null;
        }
        var payload = new byte[length - 4];
        return await ReadExactlyAsync(stream, payload, cancellationToken).ConfigureAwait(false) ? (header[0], payload) : null;
    }

    public static async Task WriteAsync(Stream stream, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        buffer.ResetWrittenCount();
    }

    private static async Task<bool> ReadExactlyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken) =>
        await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) == buffer.Length;
}
