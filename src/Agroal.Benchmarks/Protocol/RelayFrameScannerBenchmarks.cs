using System.Buffers.Binary;
using Agroal.Actors.Protocol;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Protocol;

/// <summary>The relay's per-chunk cost: 64 KiB of DataRows (about 100 bytes each), scanned as one read and as 1 KiB reads.</summary>
[MemoryDiagnoser]
public class RelayFrameScannerBenchmarks
{
    private const int BufferSize = 64 * 1024;
    private const int RowSize = 100;

    private byte[] _buffer = [];
    private RelayFrameScanner _scanner;

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new byte[BufferSize];
        var offset = 0;
        while (offset + RowSize <= BufferSize)
        {
            _buffer[offset] = BackendTag.DataRow;
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(offset + 1), RowSize - 1);
            offset += RowSize;
        }

        // The tail of the buffer starts a row that the next buffer would finish, like a real read.
        _buffer[offset] = BackendTag.DataRow;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(offset + 1), RowSize - 1);
        _scanner = new RelayFrameScanner(RelayDirection.ServerToClient);
    }

    [Benchmark(Baseline = true)]
    public long Scan_64KiB_in_one_chunk()
    {
        _scanner.Reset();
        _scanner.Scan(_buffer);
        return _scanner.MessagesSeen;
    }

    [Benchmark]
    public long Scan_64KiB_in_1KiB_chunks()
    {
        _scanner.Reset();
        for (var offset = 0; offset < BufferSize; offset += 1024)
        {
            _scanner.Scan(_buffer.AsSpan(offset, 1024));
        }

        return _scanner.MessagesSeen;
    }
}
