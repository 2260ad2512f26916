using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Tests.Pool.Lanes;

public sealed class PoolLaneTests
{
    private static readonly PoolKey Key = new("alice", "db", "");

    [Fact]
    public void Lease_takes_the_most_recently_returned_backend_first()
    {
        var (lanes, lane, connections) = LaneWithFreeBackends(3);

        var first = lane.TryLease("c1", "app");
        var second = lane.TryLease("c2", "app");
        Assert.Same(connections[2], first);
        Assert.Same(connections[1], second);
        Assert.Equal(ReturnOutcome.Returned, lanes.TryReturn(first!));
        Assert.Same(first, lane.TryLease("c3", "app"));
    }

    [Fact]
    public void Lease_and_return_flip_the_cell_state_and_the_counts()
    {
        var (lanes, lane, connections) = LaneWithFreeBackends(1);

        var leased = lane.TryLease("client-1", "psql");
        Assert.Same(connections[0], leased);
        Assert.Equal(SlotState.InUse, lanes.Cells[0].State);
        Assert.Equal("client-1", lanes.Cells[0].Holder);
        Assert.Equal((0, 1), (lane.FreeCount, lane.Active));
        Assert.Null(lane.TryLease("client-2", "psql"));

        Assert.Equal(ReturnOutcome.Returned, lanes.TryReturn(leased!));
        Assert.Equal(SlotState.Free, lanes.Cells[0].State);
        Assert.Null(lanes.Cells[0].Holder);
        Assert.Equal((1, 0), (lane.FreeCount, lane.Active));
    }

    [Fact]
    public void A_second_return_of_the_same_lease_is_not_taken()
    {
        var (lanes, lane, _) = LaneWithFreeBackends(1);
        var leased = lane.TryLease("c", "a")!;

        Assert.Equal(ReturnOutcome.Returned, lanes.TryReturn(leased));
        Assert.Equal(ReturnOutcome.NotReturned, lanes.TryReturn(leased));
        Assert.Equal(1, lane.FreeCount);
    }

    [Fact]
    public void While_clients_wait_leases_go_to_the_manager_and_a_return_tells_it()
    {
        var (lanes, lane, _) = LaneWithFreeBackends(2);
        var leased = lane.TryLease("c", "a")!;

        lanes.PublishWaiting(1);
        Assert.Null(lane.TryLease("c2", "a"));
        Assert.Equal(ReturnOutcome.NotReturned, lanes.TryReturn(leased));
        Assert.Equal(SlotState.InUse, lanes.Cells[1].State);

        lanes.PublishWaiting(0);
        Assert.Equal(ReturnOutcome.Returned, lanes.TryReturn(leased));
    }

    [Fact]
    public void A_flagged_or_aged_backend_is_returned_through_the_manager()
    {
        var (lanes, lane, _) = LaneWithFreeBackends(2);
        var flagged = lane.TryLease("c1", "a")!;
        var aged = lane.TryLease("c2", "a")!;

        Assert.True(lane.TryMove(lanes.Cells[flagged.SlotId], SlotState.Gracefully, SlotState.InUse, out _));
        lanes.Cells[aged.SlotId].ExpiresTimestamp = 0;

        Assert.Equal(ReturnOutcome.NotReturned, lanes.TryReturn(flagged));
        Assert.Equal(ReturnOutcome.NotReturned, lanes.TryReturn(aged));
        Assert.Equal(2, lane.Active);
    }

    [Fact]
    public void A_cell_taken_for_a_check_is_never_leased_and_a_leased_one_is_never_taken()
    {
        var (lanes, lane, _) = LaneWithFreeBackends(2);

        Assert.True(lane.TryMove(lanes.Cells[1], SlotState.Validation, SlotState.Free, out _));
        var leased = lane.TryLease("c", "a");
        Assert.Equal(0, leased!.SlotId);
        Assert.Null(lane.TryLease("c2", "a"));
        Assert.False(lane.TryMove(lanes.Cells[0], SlotState.IdleCheck, SlotState.Free, out var seen));
        Assert.Equal(SlotState.InUse, seen);
    }

    [Fact]
    public void Foreground_validation_and_graceful_shutdown_close_the_fast_paths()
    {
        var (lanes, lane, _) = LaneWithFreeBackends(2);
        var leased = lane.TryLease("c", "a")!;

        lanes.RequireLeaseCheck(true);
        Assert.Null(lane.TryLease("c2", "a"));
        lanes.RequireLeaseCheck(false);

        lanes.Suspend(true);
        Assert.Null(lane.TryLease("c2", "a"));
        Assert.Equal(ReturnOutcome.NotReturned, lanes.TryReturn(leased));
    }

    [Fact]
    public void Many_threads_leasing_and_returning_never_share_a_backend()
    {
        var (lanes, lane, connections) = LaneWithFreeBackends(4);
        var holders = new int[connections.Length];
        var failures = 0;
        var threads = new Thread[8];
        for (var t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (var i = 0; i < 20_000; i++)
                {
                    if (lane.TryLease("c", "a") is not { } leased)
                    {
                        continue;
                    }
                    if (Interlocked.Increment(ref holders[leased.SlotId]) != 1)
                    {
                        Interlocked.Increment(ref failures);
                    }
                    Interlocked.Decrement(ref holders[leased.SlotId]);
                    if (lanes.TryReturn(leased) != ReturnOutcome.Returned)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            });
            threads[t].Start();
        }
        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(0, failures);
        Assert.Equal((4, 0), (lane.FreeCount, lane.Active));
    }

    /// <summary>A lane with <paramref name="count"/> Free backends, returned in slot order (the last one is on top).</summary>
    internal static (PoolLanes Lanes, PoolLane Lane, BackendConnection[] Connections) LaneWithFreeBackends(int count)
    {
        var lanes = new PoolLanes(count);
        var lane = lanes.For(Key);
        var connections = new BackendConnection[count];
        for (var i = 0; i < count; i++)
        {
            var cell = lanes.Cells[i];
            connections[i] = new BackendConnection(new DefaultConnectionContext($"backend-{i}"), new ServerEndpoint("primary", "127.0.0.1", 5432, PrimaryHint: true), Key, 0)
            {
                SlotId = i,
            };
            cell.Lane = lane;
            cell.Connection = connections[i];
            Assert.True(lane.TryMove(cell, SlotState.Init, null, out _));
            Assert.True(lane.TryMove(cell, SlotState.Free, SlotState.Init, out _));
        }
        return (lanes, lane, connections);
    }
}
