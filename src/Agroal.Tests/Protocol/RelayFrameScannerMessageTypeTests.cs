using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

public class RelayFrameScannerMessageTypeTests
{
    [Theory]
    [InlineData('Q')]
    [InlineData('P')]
    [InlineData('B')]
    [InlineData('D')]
    [InlineData('E')]
    [InlineData('C')]
    [InlineData('S')]
    [InlineData('H')]
    [InlineData('X')]
    [InlineData('d')]
    [InlineData('c')]
    [InlineData('f')]
    [InlineData('F')]
    public void Types_PostgreSQL_accepts_after_login_are_known(char tag) =>
        Assert.True(FrontendTag.IsKnownAfterStartup((byte)tag));

    [Theory]
    [InlineData('1')]
    [InlineData('p')]
    [InlineData('Z')]
    [InlineData('\0')]
    [InlineData('\u00ff')]
    public void Other_types_are_unknown(char tag) =>
        Assert.False(FrontendTag.IsKnownAfterStartup((byte)tag));

    [Fact]
    public void An_unknown_type_stops_the_client_stream_at_its_header_leaving_what_came_before_whole()
    {
        var query = Sequences.Write(w => FrontendMessages.WriteQuery(w, "SELECT 1"));
        byte[] stream = [.. query, (byte)'1', 0, 0, 0, 8, 1, 2, 3, 4];
        var scanner = new RelayFrameScanner(RelayDirection.ClientToServer);

        var used = scanner.ScanToNextEvent(stream, out var relayEvent);

        Assert.Equal(RelayEvent.UnknownMessageType, relayEvent);
        Assert.Equal(query.Length + MessageHeader.Size, used);
        Assert.Equal((byte)'1', scanner.CurrentTag);
        Assert.True(scanner.IsAtMessageBoundary);
        Assert.Equal(1, scanner.Queries);
    }

    [Fact]
    public void The_server_stream_is_not_subject_to_the_frontend_types()
    {
        var scanner = new RelayFrameScanner(RelayDirection.ServerToClient);

        Assert.True(scanner.Scan(Sequences.Write(w => BackendMessages.WriteReadyForQuery(w, (byte)'I'))));
    }
}
