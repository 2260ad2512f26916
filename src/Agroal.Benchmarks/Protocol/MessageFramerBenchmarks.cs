using System.Buffers;
using System.Buffers.Binary;
using Agroal.Actors.Protocol;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Protocol;

/// <summary>Whole-message framing over 64 KiB of 100-byte messages, contiguous and in 4 KiB segments.</summary>
[MemoryDiagnoser]
public class MessageFramerBenchmarks
{
    private const int MessageSize = 100;
    private const int Messages = 655;

    private ReadOnlySequence<byte> _contiguous;
    private ReadOnlySequence<byte> _segmented;

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new byte[Messages * MessageSize];
        for (var i = 0; i < Messages; i++)
        {
            buffer[i * MessageSize] = BackendTag.DataRow;
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan((i * MessageSize) + 1), MessageSize - 1);
        }

        _contiguous = new ReadOnlySequence<byte>(buffer);
        _segmented = Segments.Chunk(buffer, 4096);
    }

    [Benchmark(Baseline = true)]
    public int Frame_contiguous() => FrameAll(_contiguous);

    [Benchmark]
    public int Frame_4KiB_segments() => FrameAll(_segmented);

    private static int FrameAll(ReadOnlySequence<byte> buffer)
    {
        var count = 0;
        while (MessageFramer.TryReadMessage(buffer, int.MaxValue, out _, out _, out var end, out _) == FrameStatus.Complete)
        {
            buffer = buffer.Slice(end);
            count++;
        }

        return count;
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Chunk(byte[] data, int size)
        {
            var first = new Segments(data.AsMemory(0, Math.Min(size, data.Length)), 0);
            var last = first;
            for (var offset = size; offset < data.Length; offset += size)
            {
                var next = new Segments(data.AsMemory(offset, Math.Min(size, data.Length - offset)), offset);
                last.Next = next;
                last = next;
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
