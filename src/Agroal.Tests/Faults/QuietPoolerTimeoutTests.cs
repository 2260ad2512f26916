using System.Net.Sockets;
using Agroal.Actors.Clients;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Faults;

/// <summary>
/// Sockets that connect and say nothing, on a pooler nobody else talks to: each is closed at authentication_timeout.
/// Their timeouts fire together on timer threads and reach the client sockets' epoll loop as posts from other threads;
/// with no other client to wake the loop, a lost wake-up left them open until the next client arrived.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class QuietPoolerTimeoutTests(FaultPostgresFixture fixture)
{
    [Fact]
    public async Task Bursts_of_silent_sockets_are_all_closed_at_the_timeout_with_nobody_else_connected()
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Transaction,
            s => s with { AuthenticationTimeout = TimeSpan.FromSeconds(1) });
        for (var burst = 0; burst < 5; burst++)
        {
            var sockets = new List<Socket>();
            try
            {
                for (var i = 0; i < 200; i++)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync("127.0.0.1", pooler.Port);
                    sockets.Add(socket);
                }
                // Generous next to the 1 s timeout; the lost wake-up kept sockets open until the next client came.
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                var open = 0;
                foreach (var socket in sockets)
                {
                    try
                    {
                        if (await socket.ReceiveAsync(new byte[16], SocketFlags.None, deadline.Token) != 0)
                        {
                            open++;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        open++;
                    }
                }
                Assert.True(open == 0, $"burst {burst}: {open} of {sockets.Count} silent sockets still open 15 s after a 1 s timeout");
            }
            finally
            {
                foreach (var socket in sockets)
                {
                    socket.Dispose();
                }
            }
        }
    }
}
