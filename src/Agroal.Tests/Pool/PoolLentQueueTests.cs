using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Pool;

/// <summary>
/// The window in which a session finds its lane's fast path closed (the manager had its queue back for a moment) and
/// sends its Acquire or Release as a message, while the queue is lent to the lane again. The manager must then do what
/// the lane would have done, without taking the queue back: a backend handed over by the lane reaches the session as
/// the connection itself, one served from the manager's own queue as a Leased message. Taking back and lending
/// thousands of parked clients per such message was a feedback loop that cut 10,000 clients to 350 TPS.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PoolLentQueueTests(PostgresFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Acquires_and_releases_sent_as_messages_while_the_queue_is_lent_take_the_lanes_own_paths()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { MaxConnections = 1 });
        var holder = kit.Acquire();
        Assert.NotEqual(0, holder.Generation);

        // Queued by the manager; the only backend is leased and there is no room for another: the queue is lent.
        var first = new LeaseAwaiter(kit.Pool, "first");
        var firstLease = first.AcquireAsync(kit.Key, "app", CancellationToken.None).AsTask();
        await Eventually.TrueAsync(() => Task.FromResult(kit.Lanes.Parked == 1), "the first client parked on the lent queue");

        // The session that found the fast path closed: its Acquire reaches the manager and parks behind the first.
        var second = new LeaseAwaiter(kit.Pool, "second");
        var secondLease = second.AcquireAsync(kit.Key, "app", CancellationToken.None).AsTask();
        await Eventually.TrueAsync(() => Task.FromResult(kit.Lanes.Parked == 2), "the second client parked behind the first");

        // The holder's clean return, as a message naming its lease: the lane hands the backend to the first parked client.
        kit.Probe.Send(kit.Pool, new PoolProtocol.Release(holder.Connection, Reusable: true, Generation: holder.Generation));
        var handedToFirst = Assert.IsType<BackendConnection>(await firstLease.WaitAsync(Wait));
        Assert.Same(holder.Connection, handedToFirst);
        Assert.False(secondLease.IsCompleted);
        Assert.Equal(1, kit.Lanes.Parked);

        kit.Probe.Send(kit.Pool, new PoolProtocol.Release(handedToFirst, Reusable: true, Generation: first.HandOffGeneration));
        var handedToSecond = Assert.IsType<BackendConnection>(await secondLease.WaitAsync(Wait));
        Assert.Same(holder.Connection, handedToSecond);
        Assert.Equal(0, kit.Lanes.Parked);

        kit.Probe.Send(kit.Pool, new PoolProtocol.Release(handedToSecond, Reusable: true, Generation: second.HandOffGeneration));
        kit.StatusWhen(s => s.Active == 0 && s.Total == 1 && s.Waiting == 0, "the backend Free again, nobody waiting");
    }

    [Fact]
    public async Task A_dirty_release_while_the_queue_is_lent_goes_through_the_manager_which_replaces_the_backend()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { MaxConnections = 1 });
        var holder = kit.Acquire();
        var waiting = new LeaseAwaiter(kit.Pool, "waiting");
        var lease = waiting.AcquireAsync(kit.Key, "app", CancellationToken.None).AsTask();
        await Eventually.TrueAsync(() => Task.FromResult(kit.Lanes.Parked == 1), "the client parked on the lent queue");

        // Not reusable (a session left it in a transaction, say): never handed on; the manager takes its queue back,
        // closes the backend and serves the client with a new one.
        kit.Probe.Send(kit.Pool, new PoolProtocol.Release(holder.Connection, Reusable: false, Generation: holder.Generation));
        var leased = Assert.IsType<PoolProtocol.Leased>(await lease.WaitAsync(Wait));
        Assert.NotSame(holder.Connection, leased.Connection);
        Assert.Equal(0, kit.Lanes.Parked);

        kit.Probe.Send(kit.Pool, new PoolProtocol.Release(leased.Connection, Reusable: true, Generation: leased.Generation));
        kit.StatusWhen(s => s.Active == 0 && s.Total == 1, "one backend, Free");
    }
}
