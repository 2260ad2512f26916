using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Agroal.Actors.Clients;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Networking;

/// <summary>
/// keep_alive, nodelay and backlog as the kernel sees them: the keepalive timer of the pooler's side of a client
/// connection in /proc/net/tcp, TCP_NODELAY on an accepted socket, and the listener's backlog in <c>ss -ltn</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClientSocketOptionsTests(PostgresFixture fixture)
{
    /// <summary>/proc/net/tcp's timer field: 02 is the keepalive timer of an idle established socket.</summary>
    private const string KeepaliveTimer = "02";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Keep_alive_sets_SO_KEEPALIVE_on_the_poolers_side_of_a_client_socket(bool keepAlive)
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session,
            s => s with { ConfigureClients = o => o with { KeepAlive = keepAlive } });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, pooler.Port);
        var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        // The pooler's side sets the option right after accept; until then the timer field reads 00.
        string? timer = null;
        await Eventually.TrueAsync(() =>
        {
            timer = PoolerSideTimer(pooler.Port, clientPort);
            return Task.FromResult(timer is not null && (!keepAlive || timer == KeepaliveTimer));
        }, "the pooler's side of the connection in /proc/net/tcp");
        if (keepAlive)
        {
            Assert.Equal(KeepaliveTimer, timer);
        }
        else
        {
            // Give the handler the same chance to (wrongly) set it: a round trip through the pooler first.
            await using var connection = await pooler.OpenAsync();
            Assert.NotEqual(KeepaliveTimer, PoolerSideTimer(pooler.Port, clientPort));
        }
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Accepted_socket_gets_keepalive_and_nodelay_as_configured(bool keepAlive, bool noDelay)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var accepted = await listener.AcceptAsync();
        accepted.NoDelay = !noDelay;
        Agroal.Actors.Networking.ClientSocketOptions.Apply(accepted, keepAlive, noDelay);
        Assert.Equal(noDelay, accepted.NoDelay);
        Assert.Equal(keepAlive, (int)accepted.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0);
    }

    [Fact]
    public async Task Backlog_is_the_listen_backlog_of_the_client_listener()
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session, s => s with { Backlog = 37 });
        var result = await ProcessRunner.RunAsync("ss", ["-Hltn", $"sport = :{pooler.Port}"], null, TimeSpan.FromSeconds(30));
        Assert.True(result.Succeeded, result.Output);
        // LISTEN  Recv-Q  Send-Q(= backlog)  local  peer
        var fields = result.Stdout.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("37", fields[2]);
    }

    /// <summary>The timer field of the pooler's socket (local port = pooler, remote port = client), or null when not listed.</summary>
    private static string? PoolerSideTimer(int poolerPort, int clientPort)
    {
        var local = ":" + poolerPort.ToString("X4", CultureInfo.InvariantCulture);
        var remote = ":" + clientPort.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/tcp"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 5 && fields[1].EndsWith(local, StringComparison.Ordinal) && fields[2].EndsWith(remote, StringComparison.Ordinal))
            {
                return fields[5][..2];
            }
        }
        return null;
    }
}
