using System.Buffers.Binary;
using System.Text;

namespace Agroal.Actors.Management.Wire;

/// <summary>One frame read from the wire: pgagroal's <c>uint8 compression, uint8 encryption, uint32 length, payload</c>.</summary>
public readonly record struct ManagementFrame(FrameReadStatus Status, byte Compression, byte Encryption, string Payload, uint Length)
{
    public const int HeaderLength = 6;

    /// <summary>Requests are small documents; anything past this is refused without being read.</summary>
    public const int DefaultMaxPayload = 1024 * 1024;

    public bool IsPlain => Compression == 0 && Encryption == 0;

    public static async Task<ManagementFrame> ReadAsync(Stream stream, int maxPayload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[HeaderLength];
        if (!await ReadFullyAsync(stream, header, cancellationToken).ConfigureAwait(false))
        {
            return new ManagementFrame(FrameReadStatus.Truncated, 0, 0, "", 0);
        }
        var compression = header[0];
        var encryption = header[1];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
        if (length > (uint)maxPayload)
        {
            return new ManagementFrame(FrameReadStatus.TooLong, compression, encryption, "", length);
        }
        var payload = new byte[length];
        if (!await ReadFullyAsync(stream, payload, cancellationToken).ConfigureAwait(false))
        {
            return new ManagementFrame(FrameReadStatus.Truncated, compression, encryption, "", length);
        }
        return new ManagementFrame(FrameReadStatus.Ok, compression, encryption, Encoding.UTF8.GetString(payload), length);
    }

    /// <summary>Writes a plain (uncompressed, unencrypted) frame, the only kind this side produces.</summary>
    public static async Task WriteAsync(Stream stream, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(json);
        var payloadLength = Encoding.UTF8.GetByteCount(json);
        var buffer = new byte[HeaderLength + payloadLength];
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(2), (uint)payloadLength);
        Encoding.UTF8.GetBytes(json, buffer.AsSpan(HeaderLength));
        await stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == buffer.Length;
    }
}
