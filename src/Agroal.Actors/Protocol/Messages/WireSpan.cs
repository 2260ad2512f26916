using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Agroal.Actors.Protocol;

/// <summary>
/// Writes one message into a span sized beforehand: callers compute the exact length, take it from the
/// writer once with <see cref="Begin"/>, fill it, then <see cref="Commit"/>.
/// </summary>
internal ref struct WireSpan
{
    private readonly Span<byte> _span;
    private int _position;

    private WireSpan(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    /// <summary>Starts a tagged message whose body is <paramref name="bodyLength"/> bytes.</summary>
    public static WireSpan Begin(IBufferWriter<byte> writer, byte tag, int bodyLength)
    {
        var wire = new WireSpan(writer.GetSpan(MessageHeader.Size + bodyLength)[..(MessageHeader.Size + bodyLength)]);
        wire.WriteByte(tag);
        wire.WriteInt32(bodyLength + MessageHeader.MinLength);
        return wire;
    }

    /// <summary>Starts an untagged startup-phase packet whose body (after the length) is <paramref name="bodyLength"/> bytes.</summary>
    public static WireSpan BeginUntagged(IBufferWriter<byte> writer, int bodyLength)
    {
        var wire = new WireSpan(writer.GetSpan(4 + bodyLength)[..(4 + bodyLength)]);
        wire.WriteInt32(bodyLength + 4);
        return wire;
    }

    public static int CStringSize(string value) => Encoding.UTF8.GetByteCount(value) + 1;

    public void WriteByte(byte value) => _span[_position++] = value;

    public void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_span[_position..], value);
        _position += 2;
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_span[_position..], value);
        _position += 4;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_span[_position..]);
        _position += value.Length;
    }

    public void WriteCString(string value)
    {
        _position += Encoding.UTF8.GetBytes(value, _span[_position..]);
        _span[_position++] = 0;
    }

    public readonly void Commit(IBufferWriter<byte> writer)
    {
        if (_position != _span.Length)
        {
            throw new InvalidOperationException($"message size mismatch: computed {_span.Length}, wrote {_position}");
        }

        writer.Advance(_position);
    }
}
