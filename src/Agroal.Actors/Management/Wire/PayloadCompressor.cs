using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;
using K4os.Compression.LZ4;

namespace Agroal.Actors.Management.Wire;

/// <summary>
/// The compression step of a management frame, byte-compatible with pgagroal 2.x: gzip is a gzip member (zlib with
/// the gzip wrapper), zstd one frame that records its content size (pgagroal reads that size before decompressing),
/// lz4 a raw LZ4 block without any frame, bzip2 a .bz2 stream with 900k blocks.
/// </summary>
public static class PayloadCompressor
{
    /// <summary>
    /// pgagroal decompresses an LZ4 block into a buffer four times the compressed size and fails when the text is
    /// larger; a block that compresses better than that is written as literals only, which any LZ4 reader accepts.
    /// </summary>
    public const int PgagroalLz4Expansion = 4;

    public static byte[] Compress(ManagementCompression compression, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return compression switch
        {
            ManagementCompression.None => data,
            ManagementCompression.Gzip => Gzip(data),
            ManagementCompression.Zstd => Zstd(data),
            ManagementCompression.Lz4 => Lz4(data),
            ManagementCompression.Bzip2 => Bzip2(data),
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown compression"),
        };
    }

    /// <summary>False with a reason when the data is not in that format or would grow past <paramref name="maxLength"/>.</summary>
    public static bool TryDecompress(ManagementCompression compression, byte[] data, int maxLength, out byte[] output, out string error)
    {
        ArgumentNullException.ThrowIfNull(data);
        output = [];
        error = "";
        try
        {
            switch (compression)
            {
                case ManagementCompression.None:
                    output = data;
                    return true;
                case ManagementCompression.Gzip:
                    return TryInflate(new GZipStream(new MemoryStream(data), CompressionMode.Decompress), maxLength, out output, out error);
                case ManagementCompression.Zstd:
                    return TryInflate(new ZstdSharp.DecompressionStream(new MemoryStream(data)), maxLength, out output, out error);
                case ManagementCompression.Bzip2:
                    return TryInflate(new BZip2InputStream(new MemoryStream(data)), maxLength, out output, out error);
                case ManagementCompression.Lz4:
                    return TryLz4Decode(data, maxLength, out output, out error);
                default:
                    error = $"unknown compression {(byte)compression}";
                    return false;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ZstdSharp.ZstdException or ArgumentException
            or ICSharpCode.SharpZipLib.SharpZipBaseException or IndexOutOfRangeException)
        {
            error = $"{compression} data cannot be decompressed: {ex.Message}";
            return false;
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    private static byte[] Zstd(byte[] data)
    {
        // One-shot compression writes the content size into the frame header, which pgagroal's reader requires.
        using var compressor = new ZstdSharp.Compressor(1);
        return compressor.Wrap(data).ToArray();
    }

    private static byte[] Bzip2(byte[] data)
    {
        var output = new MemoryStream();
        using (var bzip2 = new BZip2OutputStream(output, 9) { IsStreamOwner = false })
        {
            bzip2.Write(data);
        }
        return output.ToArray();
    }

    private static byte[] Lz4(byte[] data)
    {
        var target = new byte[LZ4Codec.MaximumOutputSize(data.Length)];
        var length = LZ4Codec.Encode(data, target, LZ4Level.L00_FAST);
        if (length > 0 && (long)length * PgagroalLz4Expansion > data.Length)
        {
            return target.AsSpan(0, length).ToArray();
        }
        return Lz4LiteralsOnly(data);
    }

    /// <summary>One LZ4 sequence holding every byte as a literal: token, length extension bytes, the data.</summary>
    internal static byte[] Lz4LiteralsOnly(byte[] data)
    {
        var extension = data.Length >= 15 ? (data.Length - 15) / 255 + 1 : 0;
        var block = new byte[1 + extension + data.Length];
        block[0] = (byte)(Math.Min(data.Length, 15) << 4);
        if (data.Length >= 15)
        {
            var rest = data.Length - 15;
            var at = 1;
            while (rest >= 255)
            {
                block[at++] = 255;
                rest -= 255;
            }
            block[at] = (byte)rest;
        }
        data.CopyTo(block, 1 + extension);
        return block;
    }

    private static bool TryLz4Decode(byte[] data, int maxLength, out byte[] output, out string error)
    {
        // A raw block does not record its decoded size: try growing buffers up to the limit.
        var size = Math.Min(Math.Max(data.Length * PgagroalLz4Expansion, 256), maxLength);
        while (true)
        {
            var target = new byte[size];
            var decoded = LZ4Codec.Decode(data, target);
            if (decoded >= 0)
            {
                output = target.AsSpan(0, decoded).ToArray();
                error = "";
                return true;
            }
            if (size >= maxLength)
            {
                output = [];
                error = $"lz4 data is not a valid block or decodes to more than {maxLength} bytes";
                return false;
            }
            size = (int)Math.Min((long)size * 4, maxLength);
        }
    }

    private static bool TryInflate(Stream source, int maxLength, out byte[] output, out string error)
    {
        using (source)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = source.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > maxLength)
                {
                    output = [];
                    error = $"the decompressed payload is longer than {maxLength} bytes";
                    return false;
                }
                buffer.Write(chunk, 0, read);
            }
            output = buffer.ToArray();
            error = "";
            return true;
        }
    }
}
