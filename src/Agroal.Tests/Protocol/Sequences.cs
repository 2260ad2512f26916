using System.Buffers;

namespace Agroal.Tests.Protocol;

/// <summary>Builds multi-segment sequences, the shape a pipe hands over when data arrives in pieces.</summary>
internal static class Sequences
{
    public static ReadOnlySequence<byte> Of(params byte[][] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(segments[0], 0);
        var last = first;
        for (var i = 1; i < segments.Length; i++)
        {
            last = last.Append(segments[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Cuts <paramref name="data"/> at the given offsets (empty segments included when offsets repeat).</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] data, params int[] cuts)
    {
        var parts = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts)
        {
            parts.Add(data[start..cut]);
            start = cut;
        }

        parts.Add(data[start..]);
        return Of([.. parts]);
    }

    public static ReadOnlySequence<byte> Chunked(byte[] data, int chunkSize)
    {
        var parts = new List<byte[]>();
        for (var i = 0; i < data.Length; i += chunkSize)
        {
            parts.Add(data[i..Math.Min(data.Length, i + chunkSize)]);
        }

        return Of([.. parts]);
    }

    public static byte[] Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
