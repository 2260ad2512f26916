using System.Buffers.Binary;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

public class RelayFrameScannerTests
{
    private static readonly byte[] LongFatal = Sequences.Write(w => BackendMessages.WriteErrorResponse(
        w, new ErrorFields("FATAL", SqlState.AdminShutdown, "terminating connection due to administrator command " + new string('.', 200))));

    private static byte[] Rfq(char status) => Sequences.Write(w => BackendMessages.WriteReadyForQuery(w, (byte)status));

    private static byte[] DataRow(int size)
    {
        var row = new byte[5 + 6 + size];
        row[0] = BackendTag.DataRow;
        BinaryPrimitives.WriteInt32BigEndian(row.AsSpan(1), 4 + 6 + size);
        BinaryPrimitives.WriteInt16BigEndian(row.AsSpan(5), 1);
        BinaryPrimitives.WriteInt32BigEndian(row.AsSpan(7), size);
        return row;
    }

    private static byte[] ServerStream() => Sequences.Concat(
        Sequences.Write(w => BackendMessages.WriteParameterStatus(w, "TimeZone", "UTC")),
        Rfq('I'),
        DataRow(10), DataRow(0), DataRow(1000),
        Sequences.Write(w => BackendMessages.WriteCommandComplete(w, "SELECT 3")),
        Rfq('T'),
        Sequences.Write(w => BackendMessages.WriteErrorResponse(w, ErrorFields.Error("42601", "syntax error"))),
        Rfq('E'),
        Rfq('I'),
        Rfq('T'),
        Rfq('I'),
        LongFatal);

    private static byte[] ClientStream() => Sequences.Concat(
        Sequences.Write(w => FrontendMessages.WriteQuery(w, "BEGIN")),
        Sequences.Write(w => FrontendMessages.WriteParse(w, "s1", "SELECT $1", [23])),
        Sequences.Write(w => FrontendMessages.WriteExecute(w, "", 0)),
        Sequences.Write(FrontendMessages.WriteSync),
        Sequences.Write(w => FrontendMessages.WriteQuery(w, "COMMIT")),
        Sequences.Write(FrontendMessages.WriteTerminate));

    private static object Snapshot(in RelayFrameScanner s) => new
    {
        s.MessagesSeen,
        s.Queries,
        s.Transactions,
        s.ReadyForQueryCount,
        s.ErrorsSeen,
        s.LastReadyForQueryStatus,
        s.TerminateSeen,
        s.FatalSeen,
        s.IsAtMessageBoundary,
        s.IsInvalid,
    };

    private static RelayFrameScanner ScanInChunks(RelayDirection direction, byte[] stream, Func<int> nextChunkSize)
    {
        var scanner = new RelayFrameScanner(direction);
        for (var offset = 0; offset < stream.Length;)
        {
            var size = Math.Min(nextChunkSize(), stream.Length - offset);
            Assert.True(scanner.Scan(stream.AsSpan(offset, size)));
            offset += size;
        }

        return scanner;
    }

    [Fact]
    public void Whole_server_stream_yields_counters_status_and_fatal()
    {
        var scanner = new RelayFrameScanner(RelayDirection.ServerToClient);

        Assert.True(scanner.Scan(ServerStream()));

        Assert.Equal(13, scanner.MessagesSeen);
        Assert.Equal(6, scanner.ReadyForQueryCount);
        Assert.Equal(2, scanner.Transactions);
        Assert.Equal((byte)'I', scanner.LastReadyForQueryStatus);
        Assert.Equal(2, scanner.ErrorsSeen);
        Assert.True(scanner.FatalSeen);
        Assert.True(scanner.IsAtMessageBoundary);
        Assert.Equal(0, scanner.Queries);
    }

    [Theory]
    [InlineData(RelayDirection.ServerToClient)]
    [InlineData(RelayDirection.ClientToServer)]
    public void Byte_by_byte_scanning_matches_whole_buffer_scanning(RelayDirection direction)
    {
        var stream = direction == RelayDirection.ServerToClient ? ServerStream() : ClientStream();
        var whole = new RelayFrameScanner(direction);
        whole.Scan(stream);

        var byteByByte = ScanInChunks(direction, stream, () => 1);

        Assert.Equal(Snapshot(whole), Snapshot(byteByByte));
    }

    [Theory]
    [InlineData(RelayDirection.ServerToClient, 1)]
    [InlineData(RelayDirection.ServerToClient, 2)]
    [InlineData(RelayDirection.ServerToClient, 3)]
    [InlineData(RelayDirection.ClientToServer, 4)]
    [InlineData(RelayDirection.ClientToServer, 5)]
    public void Random_chunk_sizes_match_whole_buffer_scanning(RelayDirection direction, int seed)
    {
        var stream = direction == RelayDirection.ServerToClient ? ServerStream() : ClientStream();
        var whole = new RelayFrameScanner(direction);
        whole.Scan(stream);
        var random = new Random(seed);

        for (var round = 0; round < 50; round++)
        {
            var chunked = ScanInChunks(direction, stream, () => random.Next(1, 80));
            Assert.Equal(Snapshot(whole), Snapshot(chunked));
        }
    }

    [Fact]
    public void Client_stream_counts_queries_and_executes_and_sees_terminate()
    {
        var scanner = new RelayFrameScanner(RelayDirection.ClientToServer);

        scanner.Scan(ClientStream());

        Assert.Equal(6, scanner.MessagesSeen);
        Assert.Equal(3, scanner.Queries);
        Assert.True(scanner.TerminateSeen);
        Assert.False(scanner.FatalSeen);
    }

    [Fact]
    public void Terminate_event_reports_the_offset_just_past_it()
    {
        var query = Sequences.Write(w => FrontendMessages.WriteQuery(w, "SELECT 1"));
        var stream = Sequences.Concat(query, Sequences.Write(FrontendMessages.WriteTerminate), [1, 2, 3]);
        var scanner = new RelayFrameScanner(RelayDirection.ClientToServer);

        var used = scanner.ScanToNextEvent(stream, out var relayEvent);

        Assert.Equal(RelayEvent.Terminate, relayEvent);
        Assert.Equal(query.Length + 5, used);
        Assert.True(scanner.IsAtMessageBoundary);
    }

    [Fact]
    public void Ready_for_query_event_reports_status_and_position()
    {
        var complete = Sequences.Write(w => BackendMessages.WriteCommandComplete(w, "BEGIN"));
        var stream = Sequences.Concat(complete, Rfq('T'), DataRow(4));
        var scanner = new RelayFrameScanner(RelayDirection.ServerToClient);

        var used = scanner.ScanToNextEvent(stream, out var relayEvent);

        Assert.Equal(RelayEvent.ReadyForQuery, relayEvent);
        Assert.Equal(complete.Length + 6, used);
        Assert.Equal((byte)'T', scanner.LastReadyForQueryStatus);
        Assert.Equal(1, scanner.Transactions);
        Assert.Equal(stream.Length - used, scanner.ScanToNextEvent(stream.AsSpan(used), out relayEvent));
        Assert.Equal(RelayEvent.None, relayEvent);
    }

    [Fact]
    public void Ready_for_query_split_between_header_and_status_is_read()
    {
        var rfq = Rfq('E');
        var scanner = new RelayFrameScanner(RelayDirection.ServerToClient);

        Assert.Equal(5, scanner.ScanToNextEvent(rfq.AsSpan(0, 5), out var first));
        Assert.False(scanner.IsAtMessageBoundary);
        Assert.Equal(1, scanner.ScanToNextEvent(rfq.AsSpan(5), out var second));

        Assert.Equal(RelayEvent.None, first);
        Assert.Equal(RelayEvent.ReadyForQuery, second);
        Assert.Equal((byte)'E', scanner.LastReadyForQueryStatus);
    }

    [Fact]
    public void Fatal_error_split_inside_its_severity_field_is_detected()
    {
        for (var cut = 1; cut < LongFatal.Length; cut++)
        {
            var scanner = new RelayFrameScanner(RelayDirection.ServerToClient);
            scanner.Scan(LongFatal.AsSpan(0, cut));
            Assert.False(scanner.FatalSeen);

            var used = scanner.ScanToNextEvent(LongFatal.AsSpan(cut), out var relayEvent);

            Assert.Equal(RelayEvent.FatalError, relayEvent);
            Assert.Equal(LongFatal.Length - cut, used);
            Assert.True(scanner.FatalSeen);
        }
    }

    [Fact]
    public void Fatal_is_found_through_the_non_localized_field_when_severity_is_translated()
    {
        var translated = Sequences.Write(w => BackendMessages.WriteErrorResponse(
            w, new ErrorFields("SCHWERWIEGEND", SqlState.AdminShutdown, "Verbindung wird beendet") { NonLocalizedSeverity = "FATAL" }));
        var scanner = new RelayFrameScanner(RelayDirection.ServerToClient);

        scanner.Scan(translated);

        Assert.True(scanner.FatalSeen);
    }

    [Fact]
    public void Plain_error_and_notice_are_not_fatal()
    {
        var stream = Sequences.Concat(
            Sequences.Write(w => BackendMessages.WriteErrorResponse(w, ErrorFields.Error("42P01", "relation does not exist"))),
            Sequences.Write(w => BackendMessages.WriteNoticeResponse(w, new ErrorFields("WARNING", "01000", "FATAL mentioned in text"))));
        var scanner = new RelayFrameScanner(RelayDirection.ServerToClient);

        scanner.Scan(stream);

        Assert.False(scanner.FatalSeen);
        Assert.Equal(1, scanner.ErrorsSeen);
    }

    [Fact]
    public void Client_execute_tag_is_not_mistaken_for_a_server_error()
    {
        var scanner = new RelayFrameScanner(RelayDirection.ClientToServer);

        scanner.Scan(Sequences.Write(w => FrontendMessages.WriteExecute(w, "", 0)));

        Assert.Equal(0, scanner.ErrorsSeen);
        Assert.Equal(1, scanner.Queries);
    }

    [Fact]
    public void Boundary_is_reported_only_between_messages()
    {
        var row = DataRow(20);
        var scanner = new RelayFrameScanner(RelayDirection.ServerToClient);
        Assert.True(scanner.IsAtMessageBoundary);

        for (var i = 0; i < row.Length - 1; i++)
        {
            scanner.Scan(row.AsSpan(i, 1));
            Assert.False(scanner.IsAtMessageBoundary);
        }

        scanner.Scan(row.AsSpan(row.Length - 1));
        Assert.True(scanner.IsAtMessageBoundary);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Bad_length_makes_the_stream_invalid_for_good(int length)
    {
        var bytes = new byte[5];
        bytes[0] = (byte)'D';
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), length);
        var scanner = new RelayFrameScanner(RelayDirection.ServerToClient, maxMessageLength: 1000);

        Assert.False(scanner.Scan(bytes));

        Assert.True(scanner.IsInvalid);
        Assert.False(scanner.IsAtMessageBoundary);
        Assert.Equal(0, scanner.ScanToNextEvent(Rfq('I'), out var relayEvent));
        Assert.Equal(RelayEvent.InvalidFrame, relayEvent);
    }

    [Fact]
    public void Reset_forgets_state_but_keeps_direction()
    {
        var scanner = new RelayFrameScanner(RelayDirection.ClientToServer);
        scanner.Scan(ClientStream());

        scanner.Reset();

        Assert.Equal(RelayDirection.ClientToServer, scanner.Direction);
        Assert.Equal(0, scanner.MessagesSeen);
        Assert.False(scanner.TerminateSeen);
        Assert.True(scanner.IsAtMessageBoundary);
    }

    [Fact]
    public void Scanning_allocates_nothing()
    {
        var stream = ServerStream();
        var scanner = new RelayFrameScanner(RelayDirection.ServerToClient);
        scanner.Scan(stream);
        var before = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < stream.Length; i += 7)
        {
            scanner.Scan(stream.AsSpan(i, Math.Min(7, stream.Length - i)));
        }

        var after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(before, after);
        Assert.Equal(26, scanner.MessagesSeen);
    }
}
