using System.Buffers;
using System.Buffers.Binary;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

public class MessageFramerTests
{
    private const int MaxLength = 1 << 20;

    /// <summary>One message of each shape: empty body, short bodies, a longer one.</summary>
    internal static byte[] SampleStream() => Sequences.Concat(
        Sequences.Write(BackendMessages.WriteAuthenticationOk),
        Sequences.Write(w => BackendMessages.WriteParameterStatus(w, "server_version", "15.4")),
        Sequences.Write(w => BackendMessages.WriteBackendKeyData(w, 7, 9)),
        Sequences.Write(BackendMessages.WriteParseComplete),
        Sequences.Write(w => BackendMessages.WriteErrorResponse(w, ErrorFields.Fatal(SqlState.AdminShutdown, new string('z', 300)))),
        Sequences.Write(w => BackendMessages.WriteReadyForQuery(w, (byte)'I')));

    private static List<(byte Tag, byte[] Payload)> ReadAll(ReadOnlySequence<byte> buffer, out long leftover)
    {
        var messages = new List<(byte, byte[])>();
        while (true)
        {
            var status = MessageFramer.TryReadMessage(buffer, MaxLength, out var tag, out var payload, out var end, out var error);
            if (status != FrameStatus.Complete)
            {
                Assert.Equal(FrameStatus.NeedMoreData, status);
                Assert.Null(error);
                leftover = buffer.Length;
                return messages;
            }

            messages.Add((tag, payload.ToArray()));
            buffer = buffer.Slice(end);
        }
    }

    [Fact]
    public void Many_messages_in_one_buffer_are_read_one_by_one()
    {
        var messages = ReadAll(new ReadOnlySequence<byte>(SampleStream()), out var leftover);

        Assert.Equal(0, leftover);
        Assert.Equal("RSK1EZ", new string(messages.Select(m => (char)m.Tag).ToArray()));
        Assert.Equal([(byte)'I'], messages[^1].Payload);
        Assert.Empty(messages[3].Payload);
    }

    [Fact]
    public void A_buffer_split_at_every_byte_position_frames_the_same_messages()
    {
        var stream = SampleStream();
        var expected = ReadAll(new ReadOnlySequence<byte>(stream), out _);
        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var actual = ReadAll(Sequences.SplitAt(stream, cut), out var leftover);
            Assert.Equal(0, leftover);
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Tag, actual[i].Tag);
                Assert.Equal(expected[i].Payload, actual[i].Payload);
            }
        }
    }

    [Fact]
    public void A_buffer_made_of_one_byte_segments_frames_the_same_messages()
    {
        var stream = SampleStream();
        var expected = ReadAll(new ReadOnlySequence<byte>(stream), out _);

        var actual = ReadAll(Sequences.Chunked(stream, 1), out _);

        Assert.Equal(expected.Select(m => m.Tag), actual.Select(m => m.Tag));
        Assert.Equal(expected.SelectMany(m => m.Payload), actual.SelectMany(m => m.Payload));
    }

    [Fact]
    public void Every_prefix_of_a_stream_frames_the_whole_messages_it_holds_and_waits_for_the_rest()
    {
        var stream = SampleStream();
        var boundaries = new List<int> { 0 };
        foreach (var message in ReadAll(new ReadOnlySequence<byte>(stream), out _))
        {
            boundaries.Add(boundaries[^1] + MessageHeader.Size + message.Payload.Length);
        }

        for (var length = 0; length <= stream.Length; length++)
        {
            var read = ReadAll(new ReadOnlySequence<byte>(stream, 0, length), out var leftover);
            Assert.Equal(boundaries.Count(b => b <= length) - 1, read.Count);
            Assert.Equal(length - boundaries.Last(b => b <= length), leftover);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-5)]
    [InlineData(MaxLength + 1)]
    public void Length_below_4_or_beyond_the_limit_is_invalid(int length)
    {
        var bytes = new byte[5];
        bytes[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), length);

        var status = MessageFramer.TryReadMessage(new ReadOnlySequence<byte>(bytes), MaxLength, out var tag, out _, out _, out var error);

        Assert.Equal(FrameStatus.Invalid, status);
        Assert.Equal((byte)'Q', tag);
        Assert.Equal(MessageFramer.InvalidLengthError, error);
    }

    [Fact]
    public void Length_of_exactly_the_limit_is_accepted()
    {
        var bytes = new byte[5 + 60];
        bytes[0] = (byte)'d';
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), 64);

        Assert.Equal(FrameStatus.Complete, MessageFramer.TryReadMessage(new ReadOnlySequence<byte>(bytes), 64, out _, out var payload, out _, out _));
        Assert.Equal(60, payload.Length);
    }

    [Fact]
    public void Header_split_across_segments_is_read()
    {
        var bytes = Sequences.Write(w => BackendMessages.WriteBackendKeyData(w, 1, 2));

        Assert.True(MessageHeader.TryRead(Sequences.SplitAt(bytes, 1, 2, 4), out var header));

        Assert.Equal(BackendTag.BackendKeyData, header.Tag);
        Assert.Equal(12, header.Length);
        Assert.Equal(13, header.TotalSize);
        Assert.False(MessageHeader.TryRead(new ReadOnlySequence<byte>(bytes, 0, 4), out _));
        Assert.False(MessageHeader.TryRead(bytes.AsSpan(0, 4), out _));
    }

    [Fact]
    public void Framing_allocates_nothing()
    {
        var buffer = Sequences.Chunked(SampleStream(), 7);
        Frame(buffer);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var count = Frame(buffer);

        var after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(6, count);
        Assert.Equal(before, after);

        static int Frame(ReadOnlySequence<byte> buffer)
        {
            var count = 0;
            while (MessageFramer.TryReadMessage(buffer, MaxLength, out _, out _, out var end, out _) == FrameStatus.Complete)
            {
                buffer = buffer.Slice(end);
                count++;
            }

            return count;
        }
    }
}
