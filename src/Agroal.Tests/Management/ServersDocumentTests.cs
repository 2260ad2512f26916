using Agroal.Actors.Configuration;
using Agroal.Actors.Management;
using Agroal.Actors.Pool;

namespace Agroal.Tests.Management;

/// <summary>How status and ping show a server that a reload marked invalid as a duplicate (startup_validation = on).</summary>
public sealed class ServersDocumentTests
{
    private static readonly ServerSettings[] Configured =
    [
        new() { Name = "main", Host = "127.0.0.1", Port = 5432 },
        new() { Name = "same", Host = "/tmp", Port = 5432 },
    ];

    private static readonly PoolProtocol.Servers Known = new([
        new PoolProtocol.ServerStatus("main", "127.0.0.1", 5432, ServerState.Primary, false),
        new PoolProtocol.ServerStatus("same", "/tmp", 5432, ServerState.NotInit, false, DuplicateOf: "main"),
    ]);

    private static readonly PoolProtocol.Status NoSlots = new(4, 0, 0, 0, [], []);

    [Fact]
    public void Status_shows_the_invalid_server_as_Invalid_with_the_server_kept_and_lists_it_under_invalid_servers()
    {
        var servers = ServersDocument.ForStatus(Configured, NoSlots, Known);
        var invalid = ServersDocument.InvalidServers(Configured, Known, pingForm: false);

        Assert.Equal("Invalid", servers["same"]!["State"]!.GetValue<string>());
        Assert.Equal("Invalid", servers["same"]!["Status"]!.GetValue<string>());
        Assert.Equal("main", servers["same"]!["DuplicateOf"]!.GetValue<string>());
        Assert.Equal("Primary", servers["main"]!["State"]!.GetValue<string>());
        Assert.Null(servers["main"]!["DuplicateOf"]);
        Assert.Single(invalid);
        Assert.Equal("Invalid", invalid["same"]!["State"]!.GetValue<string>());
    }

    [Fact]
    public void Ping_gives_the_invalid_server_status_Invalid_in_both_objects()
    {
        var servers = ServersDocument.ForPing(Configured, Known);
        var invalid = ServersDocument.InvalidServers(Configured, Known, pingForm: true);

        Assert.Equal("Invalid", servers["same"]!["Status"]!.GetValue<string>());
        Assert.Equal("Running", servers["main"]!["Status"]!.GetValue<string>());
        Assert.Equal("Invalid", invalid["same"]!["Status"]!.GetValue<string>());
        Assert.Equal(5432, invalid["same"]!["Port"]!.GetValue<int>());
    }
}
