using System.Buffers.Binary;

namespace Agroal.Actors.Management.Wire;

/// <summary>
/// One frame read from the wire: pgagroal's <c>uint8 compression, uint8 encryption, uint32 length, payload</c>. The
/// payload is the JSON text of a plain frame, or the base64 of a compressed and/or encrypted one (see <see cref="PayloadCodec"/>).
/// </summary>
public readonly record struct ManagementFrame(FrameReadStatus Status, byte Compression, byte Encryption, byte[] Payload, uint Length)
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
            return new ManagementFrame(FrameReadStatus.Truncated, 0, 0, [], 0);
        }
        var compression = header[0];
        var encryption = header[1];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
        if (length > (uint)maxPayload)
        {
            return new ManagementFrame(FrameReadStatus.TooLong, compression, encryption, [], length);
        }
        var payload = new byte[length];
        if (!await ReadFullyAsync(stream, payload, cancellationToken).ConfigureAwait(false))
        {
            return new ManagementFrame(FrameReadStatus.Truncated, compression, encryption, [], length);
        }
        return new ManagementFrame(FrameReadStatus.Ok, compression, encryption, payload, length);
    }

    /// <summary>Writes a plain frame carrying <paramref name="json"/>.</summary>
    public static Task WriteAsync(Stream stream, string json, CancellationToken cancellationToken) =>
        WriteAsync(stream, ManagementCompression.None, ManagementEncryption.None, System.Text.Encoding.UTF8.GetBytes(json), cancellationToken);

    /// <summary>Writes a frame whose payload has already been through <see cref="PayloadCodec.TryEncode"/>.</summary>
    public static async Task WriteAsync(Stream stream, ManagementCompression compression, ManagementEncryption encryption, byte[] payload,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(payload);
        var buffer = new byte[HeaderLength + payload.Length];
        buffer[0] = (byte)compression;
        buffer[1] = (byte)encryption;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(2), (uint)payload.Length);
        payload.CopyTo(buffer, HeaderLength);
        await stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == buffer.Length;
    }
}
