using System.Buffers;
using System.Text;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

public class MessageReadersTests
{
    private static ReadOnlySequence<byte> Body(byte[] message, int segmentSize = 3) => Sequences.Chunked(message[5..], segmentSize);

    [Fact]
    public void Error_response_reads_back_every_written_field_across_segments()
    {
        var written = new ErrorFields("FATAL", SqlState.AdminShutdown, "bye") { Detail = "d", Hint = "h", Where = "w", File = "f.c", Line = "12", Routine = "r" };
        var bytes = Sequences.Write(w => BackendMessages.WriteErrorResponse(w, written));

        var read = ErrorResponseReader.Parse(Body(bytes));

        Assert.Equal(written with { NonLocalizedSeverity = "FATAL" }, read);
        Assert.True(read.IsFatalOrPanic);
    }

    [Theory]
    [InlineData("FATAL", true)]
    [InlineData("PANIC", true)]
    [InlineData("ERROR", false)]
    [InlineData("FATALISH", false)]
    public void Is_fatal_or_panic_checks_severity_exactly(string severity, bool expected)
    {
        var bytes = Sequences.Write(w => BackendMessages.WriteErrorResponse(w, new ErrorFields(severity, "XX000", "m")));

        Assert.Equal(expected, ErrorResponseReader.IsFatalOrPanic(Body(bytes, 2)));
        Assert.Equal(expected, ErrorResponseReader.IsFatalOrPanic(new ReadOnlySequence<byte>(bytes.AsMemory(5))));
    }

    [Fact]
    public void Is_fatal_or_panic_allocates_nothing()
    {
        var body = Body(Sequences.Write(w => BackendMessages.WriteErrorResponse(w, ErrorFields.Fatal("57P01", "x"))), 4);
        ErrorResponseReader.IsFatalOrPanic(body);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var fatal = ErrorResponseReader.IsFatalOrPanic(body);

        var after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(before, after);
        Assert.True(fatal);
    }

    [Fact]
    public void Malformed_error_response_does_not_throw()
    {
        var read = ErrorResponseReader.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("SERROR\0Mtrunc")));

        Assert.Equal("ERROR", read.Severity);
        Assert.Equal(SqlState.InternalError, read.SqlState);
        Assert.Equal(string.Empty, read.Message);
        Assert.False(ErrorResponseReader.IsFatalOrPanic(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("SFATAL"))));
        Assert.False(ErrorResponseReader.IsFatalOrPanic(ReadOnlySequence<byte>.Empty));
    }

    [Fact]
    public void Authentication_request_reader_reads_code_data_and_mechanisms()
    {
        var md5 = Sequences.Write(w => BackendMessages.WriteAuthenticationMd5Password(w, [9, 8, 7, 6]));
        var sasl = Sequences.Write(w => BackendMessages.WriteAuthenticationSasl(w, "SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"));
        var ok = Sequences.Write(BackendMessages.WriteAuthenticationOk);

        Assert.Equal(AuthenticationCode.Md5Password, AuthenticationRequestReader.ReadCode(Body(md5)));
        Assert.Equal([9, 8, 7, 6], AuthenticationRequestReader.ReadData(Body(md5)));
        Assert.Equal(AuthenticationCode.Sasl, AuthenticationRequestReader.ReadCode(Body(sasl)));
        Assert.Equal(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], AuthenticationRequestReader.ReadSaslMechanisms(Body(sasl)));
        Assert.Equal(AuthenticationCode.Ok, AuthenticationRequestReader.ReadCode(Body(ok)));
        Assert.Empty(AuthenticationRequestReader.ReadData(Body(ok)));
        Assert.Equal(AuthenticationCode.Malformed, AuthenticationRequestReader.ReadCode(new ReadOnlySequence<byte>([0, 0])));
        Assert.Empty(AuthenticationRequestReader.ReadSaslMechanisms(new ReadOnlySequence<byte>([0, 0, 0, 10, (byte)'x'])));
    }

    [Fact]
    public void Parameter_status_and_backend_key_data_read_back()
    {
        var status = Sequences.Write(w => BackendMessages.WriteParameterStatus(w, "DateStyle", "ISO, MDY"));
        var key = Sequences.Write(w => BackendMessages.WriteBackendKeyData(w, 31337, int.MinValue));

        Assert.Equal(("DateStyle", "ISO, MDY"), ParameterStatusReader.Parse(Body(status)));
        Assert.Equal((31337, int.MinValue), BackendKeyDataReader.Parse(Body(key)));
        Assert.False(ParameterStatusReader.TryParse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("a\0b")), out _, out _));
        Assert.False(BackendKeyDataReader.TryParse(new ReadOnlySequence<byte>(new byte[7]), out _, out _));
    }

    [Fact]
    public void Password_message_reader_reads_cleartext_and_sasl_responses()
    {
        var cleartext = Sequences.Write(w => FrontendMessages.WritePasswordMessage(w, "pässword"));
        var initial = Sequences.Write(w => FrontendMessages.WriteSaslInitialResponse(w, "SCRAM-SHA-256", "n,,n=,r=abc"u8));
        var response = Sequences.Write(w => FrontendMessages.WriteSaslResponse(w, "c=biws"u8));

        Assert.Equal("pässword", PasswordMessageReader.ReadCleartext(Body(cleartext)));
        var (mechanism, data) = PasswordMessageReader.ReadSaslInitialResponse(Body(initial, 1));
        Assert.Equal("SCRAM-SHA-256", mechanism);
        Assert.Equal("n,,n=,r=abc"u8.ToArray(), data);
        Assert.Equal("c=biws"u8.ToArray(), PasswordMessageReader.ReadSaslResponse(Body(response)));
    }

    [Fact]
    public void Malformed_password_messages_are_reported_not_thrown()
    {
        Assert.False(PasswordMessageReader.TryReadCleartext(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("no terminator")), out _));
        Assert.Equal(string.Empty, PasswordMessageReader.ReadCleartext(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("x"))));
        Assert.False(PasswordMessageReader.TryReadSaslInitialResponse(
            new ReadOnlySequence<byte>(Sequences.Concat(Encoding.UTF8.GetBytes("SCRAM-SHA-256\0"), [0, 0, 0, 9, 1])), out _, out _));
        Assert.True(PasswordMessageReader.TryReadSaslInitialResponse(
            new ReadOnlySequence<byte>(Sequences.Concat(Encoding.UTF8.GetBytes("SCRAM-SHA-256\0"), [0xFF, 0xFF, 0xFF, 0xFF])), out _, out var none));
        Assert.Empty(none);
    }
}
