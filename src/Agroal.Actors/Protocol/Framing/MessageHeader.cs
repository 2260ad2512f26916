using System.Buffers;
using System.Buffers.Binary;

namespace Agroal.Actors.Protocol;

/// <summary>The 5-byte head of every tagged message: tag, then a length that counts itself but not the tag.</summary>
public readonly struct MessageHeader
{
    public const int Size = 5;

    /// <summary>The smallest legal length: the length field alone, empty body.</summary>
    public const int MinLength = 4;

    public MessageHeader(byte tag, int length)
    {
        Tag = tag;
        Length = length;
    }

    public byte Tag { get; }

    /// <summary>As on the wire: includes the 4 length bytes, excludes the tag.</summary>
    public int Length { get; }

    public int TotalSize => Length + 1;

    public int BodyLength => Length - MinLength;

    public bool HasValidLength(int maxLength) => Length >= MinLength && Length <= maxLength;

    public static bool TryRead(in ReadOnlySequence<byte> buffer, out MessageHeader header)
    {
        var first = buffer.FirstSpan;
        if (first.Length >= Size)
        {
            return TryRead(first, out header);
        }

        if (buffer.Length < Size)
        {
            header = default;
            return false;
        }

        Span<byte> copy = stackalloc byte[Size];
        buffer.Slice(0, Size).CopyTo(copy);
        return TryRead(copy, out header);
    }

    public static bool TryRead(ReadOnlySpan<byte> span, out MessageHeader header)
    {
        if (span.Length < Size)
        {
            header = default;
            return false;
        }

        header = new MessageHeader(span[0], BinaryPrimitives.ReadInt32BigEndian(span[1..]));
        return true;
    }
}
