using System.Text;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

public class FrontendMessagesTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Startup_message_has_length_version_pairs_and_terminator()
    {
        var bytes = Sequences.Write(w => FrontendMessages.WriteStartupMessage(w, [new("user", "u"), new("database", "d")]));

        Assert.Equal(Sequences.Concat([0, 0, 0, 27, 0, 3, 0, 0], Bytes("user\0u\0database\0d\0\0")), bytes);
    }

    [Fact]
    public void Request_packets_have_documented_bytes()
    {
        Assert.Equal([0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F], Sequences.Write(FrontendMessages.WriteSslRequest));
        Assert.Equal([0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x30], Sequences.Write(FrontendMessages.WriteGssEncRequest));
        Assert.Equal(
            [0, 0, 0, 16, 0x04, 0xD2, 0x16, 0x2E, 0, 0, 0, 1, 0, 0, 0, 2],
            Sequences.Write(w => FrontendMessages.WriteCancelRequest(w, 1, 2)));
    }

    [Fact]
    public void Password_and_sasl_messages_have_documented_bytes()
    {
        Assert.Equal(
            Sequences.Concat([(byte)'p', 0, 0, 0, 11], Bytes("secret\0")),
            Sequences.Write(w => FrontendMessages.WritePasswordMessage(w, "secret")));
        Assert.Equal(
            Sequences.Concat([(byte)'p', 0, 0, 0, 26], Bytes("SCRAM-SHA-256\0"), [0, 0, 0, 4], Bytes("n,,x")),
            Sequences.Write(w => FrontendMessages.WriteSaslInitialResponse(w, "SCRAM-SHA-256", Bytes("n,,x"))));
        Assert.Equal(
            Sequences.Concat([(byte)'p', 0, 0, 0, 7], Bytes("c=x")),
            Sequences.Write(w => FrontendMessages.WriteSaslResponse(w, Bytes("c=x"))));
    }

    [Fact]
    public void Simple_and_extended_query_messages_have_documented_bytes()
    {
        Assert.Equal(Sequences.Concat([(byte)'Q', 0, 0, 0, 14], Bytes("SELECT 1;\0")), Sequences.Write(w => FrontendMessages.WriteQuery(w, "SELECT 1;")));
        Assert.Equal([(byte)'X', 0, 0, 0, 4], Sequences.Write(FrontendMessages.WriteTerminate));
        Assert.Equal([(byte)'S', 0, 0, 0, 4], Sequences.Write(FrontendMessages.WriteSync));
        Assert.Equal([(byte)'H', 0, 0, 0, 4], Sequences.Write(FrontendMessages.WriteFlush));
        Assert.Equal(
            Sequences.Concat([(byte)'P', 0, 0, 0, 23], Bytes("s1\0SELECT $1\0"), [0, 1, 0, 0, 0, 23]),
            Sequences.Write(w => FrontendMessages.WriteParse(w, "s1", "SELECT $1", [23])));
        Assert.Equal(
            Sequences.Concat([(byte)'C', 0, 0, 0, 8], Bytes("Ss1\0")),
            Sequences.Write(w => FrontendMessages.WriteClose(w, FrontendMessages.StatementKind, "s1")));
        Assert.Equal(
            Sequences.Concat([(byte)'D', 0, 0, 0, 6], Bytes("P\0")),
            Sequences.Write(w => FrontendMessages.WriteDescribe(w, FrontendMessages.PortalKind, "")));
        Assert.Equal(
            [(byte)'E', 0, 0, 0, 9, 0, 0, 0, 0, 0],
            Sequences.Write(w => FrontendMessages.WriteExecute(w, "", 0)));
    }

    [Fact]
    public void Pregenerated_messages_match_the_writers()
    {
        Assert.Equal(Sequences.Write(w => FrontendMessages.WriteQuery(w, "DISCARD ALL;")), PregeneratedMessages.DiscardAll.ToArray());
        Assert.Equal(Sequences.Write(w => FrontendMessages.WriteQuery(w, "ROLLBACK;")), PregeneratedMessages.Rollback.ToArray());
        Assert.Equal(Sequences.Write(w => FrontendMessages.WriteQuery(w, "DEALLOCATE ALL;")), PregeneratedMessages.DeallocateAll.ToArray());
        Assert.Equal(Sequences.Write(w => FrontendMessages.WriteQuery(w, "SELECT 1;")), PregeneratedMessages.SelectOne.ToArray());
        Assert.Equal([(byte)'X', 0, 0, 0, 4], PregeneratedMessages.Terminate.ToArray());
        Assert.Equal([(byte)'S', 0, 0, 0, 4], PregeneratedMessages.Sync.ToArray());
        Assert.Equal([(byte)'Z', 0, 0, 0, 5, (byte)'I'], PregeneratedMessages.ReadyForQueryIdle.ToArray());
        Assert.Equal([(byte)'N'], PregeneratedMessages.SslRefused.ToArray());
        Assert.Equal(Sequences.Write(w => FrontendMessages.WriteQuery(w, "SET x = 1")), PregeneratedMessages.Query("SET x = 1"));
    }
}
