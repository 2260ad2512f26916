using Agroal.Actors.Networking.Epoll;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Networking;

/// <summary>
/// Work posted to an epoll loop from other threads (a receiver's poke, a detach when a login times out) must wake the
/// loop even when no socket has anything to say: a wake lost once used to leave every later post waiting for some
/// socket's edge, so a quiet pooler closed timed-out logins only when the next client arrived.
/// </summary>
public sealed class EpollLoopWakeTests : IDisposable
{
    private readonly EpollEngine _engine = new(NullLoggerFactory.Instance, loops: 1);

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task Pokes_from_many_threads_in_bursts_each_reach_a_quiet_loop()
    {
        var (connection, peer) = await EpollTestSockets.ConnectToPlainPeerAsync(_engine);
        await using var _ = connection;
        using var __ = peer;
        var socket = (EpollConnection)connection;
        var receiver = new CountingReceiver();
        socket.AttachReceiver(receiver);
        // Each round pokes from three threads at once for a while, so that posts keep meeting the loop just as it
        // wakes, then stops: the last posts must still bring the quiet loop round.
        var expected = 0;
        for (var round = 0; round < 30; round++)
        {
            var pokers = new Task<int>[3];
            var until = DateTime.UtcNow + TimeSpan.FromMilliseconds(100);
            for (var t = 0; t < pokers.Length; t++)
            {
                pokers[t] = Task.Run(() =>
                {
                    var posted = 0;
                    while (DateTime.UtcNow < until && posted < 20_000)
                    {
                        socket.PokeReceiver(receiver);
                        posted++;
                    }
                    return posted;
                });
            }
            foreach (var posted in await Task.WhenAll(pokers))
            {
                expected += posted;
            }
            // Nothing else happens on the loop: only the posts' own wake can bring it round.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Volatile.Read(ref receiver.Pokes) < expected && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1);
            }
            Assert.True(Volatile.Read(ref receiver.Pokes) == expected,
                $"round {round}: the loop took {receiver.Pokes} of {expected} pokes and slept on the rest");
        }
    }

    private sealed class CountingReceiver : IDirectReceiver
    {
        public int Pokes;

        public DirectReceiveVerdict OnReceived(ReadOnlyMemory<byte> bytes, out int consumed)
        {
            consumed = bytes.Length;
            return DirectReceiveVerdict.Continue;
        }

        public void OnDetached(bool receiveEnded)
        {
        }

        public DirectReceiveVerdict OnPoked()
        {
            Interlocked.Increment(ref Pokes);
            return DirectReceiveVerdict.Continue;
        }
    }
}
