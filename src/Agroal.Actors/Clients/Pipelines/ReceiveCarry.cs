using System.Buffers;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// The bytes a direct receiver could not process yet (a header or a message it must hold whole, cut short by the end
/// of a receive; or, on the client side, everything received while the pool makes the client wait), kept for the next
/// receive: the loop's receive buffer is reused as soon as the receiver returns.
/// </summary>
/// <remarks>
/// Small carries live in an array of the receiver's own, sized in steps of <see cref="Granularity"/>: with thousands of
/// clients waiting for a backend each holds its query here, and a pooled 4 KiB array apiece would cost more than the
/// socket's own block did. An array grown past <see cref="KeptLimit"/> for one long message is pooled and goes back
/// once emptied.
/// </remarks>
internal sealed class ReceiveCarry
{
    private const int Granularity = 256;
    private const int KeptLimit = 4096;

    private byte[]? _bytes;
    private int _length;

    public bool IsEmpty => _length == 0;

    public int Length => _length;

    /// <summary>What a receive amounts to: its own bytes when nothing is carried, else the carry with them appended.</summary>
    public ReadOnlySequence<byte> With(ReadOnlyMemory<byte> received)
    {
        if (_length == 0)
        {
            return new ReadOnlySequence<byte>(received);
        }
        Append(received.Span);
        return Bytes;
    }

    /// <summary>The carried bytes alone.</summary>
    public ReadOnlySequence<byte> Bytes => _length == 0 ? ReadOnlySequence<byte>.Empty : new(_bytes!, 0, _length);

    /// <summary>Keeps <paramref name="rest"/>, the unprocessed tail of what <see cref="With"/> or <see cref="Bytes"/> returned.</summary>
    public void Keep(in ReadOnlySequence<byte> rest)
    {
        var length = (int)rest.Length;
        if (length == 0)
        {
            Clear();
            return;
        }
        if (_length == 0)
        {
            // The receive's own bytes: a single segment of the loop's buffer.
            Append(rest.FirstSpan);
            return;
        }
        // Already carried: the tail moves to the start.
        _bytes.AsSpan(_length - length, length).CopyTo(_bytes);
        _length = length;
    }

    /// <summary>Forgets the carried bytes; an array grown for a long message goes back to the pool.</summary>
    public void Clear()
    {
        _length = 0;
        if (_bytes is { Length: > KeptLimit } large)
        {
            _bytes = null;
            ArrayPool<byte>.Shared.Return(large);
        }
    }

    /// <summary>Adds a receive's bytes after what is carried.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        var need = _length + bytes.Length;
        if (_bytes is null || _bytes.Length < need)
        {
            var grown = need <= KeptLimit
                ? new byte[(need + Granularity - 1) / Granularity * Granularity]
                : ArrayPool<byte>.Shared.Rent(need);
            _bytes?.AsSpan(0, _length).CopyTo(grown);
            if (_bytes is { Length: > KeptLimit } pooled)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }
            _bytes = grown;
        }
        bytes.CopyTo(_bytes.AsSpan(_length));
        _length = need;
    }
}
