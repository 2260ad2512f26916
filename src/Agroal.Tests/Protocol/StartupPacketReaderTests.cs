using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

public class StartupPacketReaderTests
{
    private static byte[] Startup(int version, params string[] pairs)
    {
        var body = new List<byte>();
        foreach (var text in pairs)
        {
            body.AddRange(Encoding.UTF8.GetBytes(text));
            body.Add(0);
        }

        body.Add(0);
        return Untagged(version, [.. body]);
    }

    private static byte[] Untagged(int code, byte[] body, int? lengthOverride = null)
    {
        var packet = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(packet, lengthOverride ?? packet.Length);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), code);
        body.CopyTo(packet, 8);
        return packet;
    }

    private static ParseStatus Parse(byte[] bytes, out StartupPacket? packet, out string? error, out long consumed)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        var status = StartupPacketReader.TryParse(sequence, out var position, out packet, out error);
        consumed = sequence.Slice(0, position).Length;
        return status;
    }

    [Fact]
    public void Startup_3_0_keeps_all_parameters_in_order()
    {
        var bytes = Startup(ProtocolCodes.Version3, "user", "alice", "database", "shop", "application_name", "psql", "client_encoding", "UTF8");

        Assert.Equal(ParseStatus.Complete, Parse(bytes, out var packet, out var error, out var consumed));

        Assert.Null(error);
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(StartupPacketKind.Startup, packet!.Kind);
        Assert.Equal(ProtocolCodes.Version3, packet.ProtocolVersion);
        Assert.Equal("alice", packet.User);
        Assert.Equal("shop", packet.Database);
        Assert.Equal("psql", packet.ApplicationName);
        Assert.Equal(["user", "database", "application_name", "client_encoding"], packet.Parameters.Select(p => p.Key));
        Assert.Equal("UTF8", packet.GetParameter("client_encoding"));
        Assert.False(packet.NeedsProtocolNegotiation);
    }

    [Fact]
    public void Startup_without_database_defaults_it_to_the_user()
    {
        Assert.Equal(ParseStatus.Complete, Parse(Startup(ProtocolCodes.Version3, "user", "bob"), out var packet, out _, out _));

        Assert.Equal("bob", packet!.Database);
        Assert.Null(packet.ApplicationName);
    }

    [Fact]
    public void Startup_without_user_is_invalid()
    {
        Assert.Equal(ParseStatus.Invalid, Parse(Startup(ProtocolCodes.Version3, "database", "shop"), out var packet, out var error, out _));

        Assert.Null(packet);
        Assert.Equal("no PostgreSQL user name specified in startup packet", error);
    }

    [Fact]
    public void Startup_with_newer_minor_version_is_accepted_and_protocol_options_set_apart()
    {
        var bytes = Startup(ProtocolCodes.Version3 | 2, "user", "alice", "_pq_.compression", "on");

        Assert.Equal(ParseStatus.Complete, Parse(bytes, out var packet, out _, out _));

        Assert.Equal(2, packet!.ProtocolMinor);
        Assert.Equal(["_pq_.compression"], packet.ProtocolOptions);
        Assert.DoesNotContain(packet.Parameters, p => p.Key.StartsWith("_pq_", StringComparison.Ordinal));
        Assert.True(packet.NeedsProtocolNegotiation);
    }

    [Fact]
    public void Protocol_2_is_refused_with_postgresql_wording()
    {
        Assert.Equal(ParseStatus.Invalid, Parse(Startup(2 << 16, "user", "alice"), out _, out var error, out _));

        Assert.Equal("unsupported frontend protocol 2.0: server supports 3.0 to 3.0", error);
    }

    [Fact]
    public void Unknown_request_code_is_refused()
    {
        Assert.Equal(ParseStatus.Invalid, Parse(Untagged((1234 << 16) | 5555, []), out _, out var error, out _));

        Assert.Contains("1234.5555", error);
    }

    [Fact]
    public void SslRequest_is_recognised()
    {
        var bytes = Sequences.Write(FrontendMessages.WriteSslRequest);

        Assert.Equal(ParseStatus.Complete, Parse(bytes, out var packet, out _, out var consumed));

        Assert.Equal(StartupPacketKind.SslRequest, packet!.Kind);
        Assert.Equal(8, consumed);
    }

    [Fact]
    public void GssEncRequest_is_recognised()
    {
        Assert.Equal(ParseStatus.Complete, Parse(Sequences.Write(FrontendMessages.WriteGssEncRequest), out var packet, out _, out _));

        Assert.Equal(StartupPacketKind.GssEncRequest, packet!.Kind);
    }

    [Fact]
    public void CancelRequest_carries_process_id_and_secret()
    {
        var bytes = Sequences.Write(w => FrontendMessages.WriteCancelRequest(w, 4242, -17));

        Assert.Equal(ParseStatus.Complete, Parse(bytes, out var packet, out _, out _));

        Assert.Equal(StartupPacketKind.CancelRequest, packet!.Kind);
        Assert.Equal(4242, packet.CancelProcessId);
        Assert.Equal(-17, packet.CancelSecretKey);
    }

    [Fact]
    public void CancelRequest_of_wrong_length_is_invalid()
    {
        Assert.Equal(ParseStatus.Invalid, Parse(Untagged(ProtocolCodes.CancelRequest, new byte[4]), out _, out _, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10001)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public void Length_out_of_range_is_invalid_before_waiting_for_the_body(int length)
    {
        var bytes = Untagged(ProtocolCodes.Version3, [], length);

        Assert.Equal(ParseStatus.Invalid, Parse(bytes, out _, out var error, out var consumed));

        Assert.Equal("invalid length of startup packet", error);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Length_of_exactly_10000_is_accepted()
    {
        var filler = new string('x', 10000 - 8 - "user\0alice\0application_name\0\0\0".Length);
        var bytes = Startup(ProtocolCodes.Version3, "user", "alice", "application_name", filler);

        Assert.Equal(10000, bytes.Length);
        Assert.Equal(ParseStatus.Complete, Parse(bytes, out var packet, out _, out _));
        Assert.Equal(filler, packet!.ApplicationName);
    }

    [Fact]
    public void Truncated_packet_needs_more_data_at_every_length_then_completes_across_segments()
    {
        var bytes = Startup(ProtocolCodes.Version3, "user", "alice", "database", "shop");
        for (var available = 0; available < bytes.Length; available++)
        {
            var status = StartupPacketReader.TryParse(new ReadOnlySequence<byte>(bytes, 0, available), out _, out var packet, out _);
            Assert.Equal(ParseStatus.NeedMoreData, status);
            Assert.Null(packet);
        }

        var split = Sequences.Chunked(bytes, 3);
        Assert.Equal(ParseStatus.Complete, StartupPacketReader.TryParse(split, out var end, out var whole, out _));
        Assert.Equal("shop", whole!.Database);
        Assert.Equal(bytes.Length, split.Slice(0, end).Length);
    }

    [Fact]
    public void Bytes_after_the_packet_are_not_consumed()
    {
        var bytes = Sequences.Concat(Sequences.Write(FrontendMessages.WriteSslRequest), [1, 2, 3]);

        Assert.Equal(ParseStatus.Complete, Parse(bytes, out _, out _, out var consumed));

        Assert.Equal(8, consumed);
    }

    [Fact]
    public void Startup_without_final_terminator_is_invalid()
    {
        var bytes = Untagged(ProtocolCodes.Version3, Encoding.UTF8.GetBytes("user\0alice\0"));

        Assert.Equal(ParseStatus.Invalid, Parse(bytes, out _, out var error, out _));

        Assert.Contains("terminator", error);
    }

    [Fact]
    public void Startup_with_value_missing_its_terminator_is_invalid()
    {
        Assert.Equal(ParseStatus.Invalid, Parse(Untagged(ProtocolCodes.Version3, Encoding.UTF8.GetBytes("user\0alice")), out _, out _, out _));
    }

    [Fact]
    public void Startup_with_invalid_utf8_is_invalid()
    {
        var body = Sequences.Concat(Encoding.UTF8.GetBytes("user\0"), [0xC3, 0x28], [0, 0]);

        Assert.Equal(ParseStatus.Invalid, Parse(Untagged(ProtocolCodes.Version3, body), out _, out var error, out _));

        Assert.Contains("UTF8", error);
    }

    [Fact]
    public void Startup_written_by_the_frontend_writer_reads_back()
    {
        var parameters = new List<KeyValuePair<string, string>> { new("user", "zoë"), new("database", "d"), new("options", "-c x=1") };
        var bytes = Sequences.Write(w => FrontendMessages.WriteStartupMessage(w, parameters));

        Assert.Equal(ParseStatus.Complete, Parse(bytes, out var packet, out _, out _));

        Assert.Equal(parameters, packet!.Parameters);
    }

    [Fact]
    public void SslRequest_with_extra_body_is_invalid()
    {
        Assert.Equal(ParseStatus.Invalid, Parse(Untagged(ProtocolCodes.SslRequest, [0, 0, 0, 0]), out _, out _, out _));
    }
}
