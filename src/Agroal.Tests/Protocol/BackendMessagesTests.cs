using System.Text;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

public class BackendMessagesTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Error_response_writes_S_V_C_M_fields_each_terminated_then_a_final_zero()
    {
        var bytes = Sequences.Write(w => BackendMessages.WriteErrorResponse(w, ErrorFields.Fatal(SqlState.TooManyConnections, "connection pool is full")));

        var body = "SFATAL\0VFATAL\0C53300\0Mconnection pool is full\0\0";
        Assert.Equal(Sequences.Concat([(byte)'E', 0, 0, 0, (byte)(4 + body.Length)], Bytes(body)), bytes);
    }

    [Fact]
    public void Error_response_includes_optional_fields_after_the_mandatory_ones()
    {
        var error = ErrorFields.Error(SqlState.InvalidPassword, "password authentication failed for user \"u\"") with { Detail = "d", Hint = "h", Routine = "auth_failed" };

        var bytes = Sequences.Write(w => BackendMessages.WriteErrorResponse(w, error));

        var body = "SERROR\0VERROR\0C28P01\0Mpassword authentication failed for user \"u\"\0Dd\0Hh\0Rauth_failed\0\0";
        Assert.Equal(Sequences.Concat([(byte)'E', 0, 0, 0, (byte)(4 + body.Length)], Bytes(body)), bytes);
    }

    [Fact]
    public void Notice_response_uses_tag_N()
    {
        var bytes = Sequences.Write(w => BackendMessages.WriteNoticeResponse(w, new ErrorFields("NOTICE", "00000", "hi")));

        Assert.Equal((byte)'N', bytes[0]);
        Assert.Equal(Bytes("SNOTICE\0VNOTICE\0C00000\0Mhi\0\0"), bytes[5..]);
    }

    [Fact]
    public void Authentication_messages_have_documented_bytes()
    {
        Assert.Equal([(byte)'R', 0, 0, 0, 8, 0, 0, 0, 0], Sequences.Write(BackendMessages.WriteAuthenticationOk));
        Assert.Equal([(byte)'R', 0, 0, 0, 8, 0, 0, 0, 3], Sequences.Write(BackendMessages.WriteAuthenticationCleartextPassword));
        Assert.Equal(
            [(byte)'R', 0, 0, 0, 12, 0, 0, 0, 5, 1, 2, 3, 4],
            Sequences.Write(w => BackendMessages.WriteAuthenticationMd5Password(w, [1, 2, 3, 4])));
        Assert.Equal(
            Sequences.Concat([(byte)'R', 0, 0, 0, 42, 0, 0, 0, 10], Bytes("SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0")),
            Sequences.Write(w => BackendMessages.WriteAuthenticationSasl(w, "SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")));
        Assert.Equal(
            Sequences.Concat([(byte)'R', 0, 0, 0, 11, 0, 0, 0, 11], Bytes("r=x")),
            Sequences.Write(w => BackendMessages.WriteAuthenticationSaslContinue(w, Bytes("r=x"))));
        Assert.Equal(
            Sequences.Concat([(byte)'R', 0, 0, 0, 11, 0, 0, 0, 12], Bytes("v=y")),
            Sequences.Write(w => BackendMessages.WriteAuthenticationSaslFinal(w, Bytes("v=y"))));
    }

    [Fact]
    public void Session_messages_have_documented_bytes()
    {
        Assert.Equal(
            Sequences.Concat([(byte)'S', 0, 0, 0, 24], Bytes("server_version\0" + "15.4\0")),
            Sequences.Write(w => BackendMessages.WriteParameterStatus(w, "server_version", "15.4")));
        Assert.Equal(
            [(byte)'K', 0, 0, 0, 12, 0, 0, 0x30, 0x39, 0xFF, 0xFF, 0xFF, 0xFE],
            Sequences.Write(w => BackendMessages.WriteBackendKeyData(w, 12345, -2)));
        Assert.Equal([(byte)'Z', 0, 0, 0, 5, (byte)'I'], Sequences.Write(w => BackendMessages.WriteReadyForQuery(w, (byte)'I')));
        Assert.Equal(
            Sequences.Concat([(byte)'C', 0, 0, 0, 13], Bytes("SELECT 1\0")),
            Sequences.Write(w => BackendMessages.WriteCommandComplete(w, "SELECT 1")));
        Assert.Equal([(byte)'I', 0, 0, 0, 4], Sequences.Write(BackendMessages.WriteEmptyQueryResponse));
        Assert.Equal([(byte)'1', 0, 0, 0, 4], Sequences.Write(BackendMessages.WriteParseComplete));
        Assert.Equal([(byte)'2', 0, 0, 0, 4], Sequences.Write(BackendMessages.WriteBindComplete));
        Assert.Equal([(byte)'3', 0, 0, 0, 4], Sequences.Write(BackendMessages.WriteCloseComplete));
        Assert.Equal([(byte)'n', 0, 0, 0, 4], Sequences.Write(BackendMessages.WriteNoData));
    }

    [Fact]
    public void Negotiate_protocol_version_lists_newest_minor_and_unsupported_options()
    {
        var bytes = Sequences.Write(w => BackendMessages.WriteNegotiateProtocolVersion(w, 0, ["_pq_.a"]));

        Assert.Equal(Sequences.Concat([(byte)'v', 0, 0, 0, 19, 0, 3, 0, 0, 0, 0, 0, 1], Bytes("_pq_.a\0")), bytes);
    }

    [Fact]
    public void Parameter_status_counts_utf8_bytes_not_chars()
    {
        var bytes = Sequences.Write(w => BackendMessages.WriteParameterStatus(w, "application_name", "café"));

        Assert.Equal(5 + "application_name".Length + 1 + 5 + 1, bytes.Length);
        Assert.Equal(("application_name", "café"), ParameterStatusReader.Parse(new(bytes.AsMemory(5))));
    }
}
