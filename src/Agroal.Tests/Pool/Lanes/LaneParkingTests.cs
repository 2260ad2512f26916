using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;

namespace Agroal.Tests.Pool.Lanes;

/// <summary>Clients parked on a lane and the direct hand-off of a returned backend (the pool manager lends its queue).</summary>
public sealed class LaneParkingTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public async Task A_return_hands_the_backend_to_the_first_parked_client_then_the_next()
    {
        var (lanes, lane, connections) = PoolLaneTests.LaneWithFreeBackends(1);
        var holder = lane.TryLease("holder", "app", out var holderLease)!;
        LendEmptyQueue(lane);
        var (first, firstPending) = Park(lane, "first");
        var (second, secondPending) = Park(lane, "second");
        Assert.Equal(2, lanes.Parked);

        Assert.Equal(ReturnOutcome.HandedOff, lanes.TryReturn(holder, holderLease));

        Assert.Same(connections[0], await firstPending.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(secondPending.IsCompleted);
        Assert.Equal(SlotState.InUse, lanes.Cells[0].State);
        Assert.Equal("first", lanes.Cells[0].Holder);
        Assert.Equal(1, lane.Active);

        Assert.Equal(ReturnOutcome.HandedOff, lanes.TryReturn(connections[0], first.HandOffGeneration));
        Assert.Same(connections[0], await secondPending.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, lanes.Parked);

        Assert.Equal(ReturnOutcome.Returned, lanes.TryReturn(connections[0], second.HandOffGeneration));
        Assert.Equal((1, 0), (lane.FreeCount, lane.Active));
    }

    [Fact]
    public async Task A_stale_return_after_a_hand_off_does_not_free_the_new_holders_backend()
    {
        var (lanes, lane, connections) = PoolLaneTests.LaneWithFreeBackends(1);
        var holder = lane.TryLease("holder", "app", out var holderLease)!;
        LendEmptyQueue(lane);
        var (next, pending) = Park(lane, "next");
        Assert.Equal(ReturnOutcome.HandedOff, lanes.TryReturn(holder, holderLease));
        await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        // The first holder returns again: its lease ended with the hand-off.
        Assert.Equal(ReturnOutcome.NotReturned, lanes.TryReturn(holder, holderLease));
        Assert.Equal(SlotState.InUse, lanes.Cells[0].State);
        Assert.Equal(0, lane.FreeCount);
        Assert.NotEqual(holderLease, next.HandOffGeneration);
        Assert.Equal(ReturnOutcome.Returned, lanes.TryReturn(connections[0], next.HandOffGeneration));
    }

    [Fact]
    public async Task A_parked_client_that_gives_up_leaves_the_queue_and_the_return_frees_the_backend()
    {
        var (lanes, lane, _) = PoolLaneTests.LaneWithFreeBackends(1);
        var holder = lane.TryLease("holder", "app", out var holderLease)!;
        LendEmptyQueue(lane);
        using var leaving = new CancellationTokenSource();
        var (_, pending) = Park(lane, "leaving", leaving.Token);

        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.AsTask());
        Assert.Equal(0, lanes.Parked);
        Assert.Equal(ReturnOutcome.Returned, lanes.TryReturn(holder, holderLease));
        Assert.Equal(1, lane.FreeCount);
    }

    [Fact]
    public async Task A_session_that_waits_again_with_its_token_gives_up_when_the_token_is_cancelled_during_or_before_the_wait()
    {
        var (lanes, lane, connections) = PoolLaneTests.LaneWithFreeBackends(1);
        var holder = lane.TryLease("holder", "app", out var holderLease)!;
        LendEmptyQueue(lane);
        using var session = new CancellationTokenSource();
        var (client, pending) = Park(lane, "client", session.Token);
        Assert.Equal(ReturnOutcome.HandedOff, lanes.TryReturn(holder, holderLease));
        Assert.Same(connections[0], await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        var other = lane.TryLease("other", "app", out _);
        Assert.Null(other);

        // The second wait, on the same token, still gives up when it is cancelled.
        Assert.Equal(LaneLeaseOutcome.Parked, client.LeaseOrPark(lane, "client", "app", session.Token, out _, out _, out var second));
        await session.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, lanes.Parked);

        // And a wait that starts with the token already cancelled ends at once instead of waiting for ever.
        Assert.Equal(LaneLeaseOutcome.Parked, client.LeaseOrPark(lane, "client", "app", session.Token, out _, out _, out var third));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, lanes.Parked);
        Assert.Equal(ReturnOutcome.Returned, lanes.TryReturn(connections[0], client.HandOffGeneration));
    }

    [Fact]
    public void Taken_back_the_queue_keeps_its_order_and_the_lane_parks_no_one_else()
    {
        var (lanes, lane, _) = PoolLaneTests.LaneWithFreeBackends(1);
        lane.TryLease("holder", "app");
        LendEmptyQueue(lane);
        var (first, _) = Park(lane, "first");
        var (second, _) = Park(lane, "second");

        var taken = new List<LeaseAwaiter>();
        lane.TakeBack(taken);

        Assert.Equal([first, second], taken);
        Assert.Equal(0, lanes.Parked);
        var late = new LeaseAwaiter(TestActor, "late");
        Assert.Equal(LaneLeaseOutcome.NotParked, late.LeaseOrPark(lane, "late", "app", CancellationToken.None, out _, out _, out _));
    }

    [Fact]
    public void Without_a_lent_queue_a_client_finding_no_free_backend_asks_the_manager()
    {
        var (_, lane, connections) = PoolLaneTests.LaneWithFreeBackends(1);
        var awaiter = new LeaseAwaiter(TestActor, "client");

        Assert.Equal(LaneLeaseOutcome.Leased, awaiter.LeaseOrPark(lane, "client", "app", CancellationToken.None, out var leased, out _, out _));
        Assert.Same(connections[0], leased);
        Assert.Equal(LaneLeaseOutcome.NotParked, awaiter.LeaseOrPark(lane, "client", "app", CancellationToken.None, out _, out _, out _));
    }

    private static void LendEmptyQueue(PoolLane lane) => lane.Lend([]);

    private (LeaseAwaiter Awaiter, ValueTask<object> Pending) Park(PoolLane lane, string name, CancellationToken cancellationToken = default)
    {
        var awaiter = new LeaseAwaiter(TestActor, name);
        var outcome = awaiter.LeaseOrPark(lane, name, "app", cancellationToken, out var leased, out _, out var pending);
        Assert.Equal(LaneLeaseOutcome.Parked, outcome);
        Assert.Null(leased);
        return (awaiter, pending);
    }
}
