using Agroal.Actors.Cluster;
using Agroal.Actors.Pool;
using Agroal.Tests.Runtime;
using Akka.Actor;
using Akka.TestKit;
using Xunit;

namespace Agroal.Tests.Cluster;

/// <summary>
/// The failover coordinator and the shared primary view on in-process clusters (several actor systems on loopback
/// ports): one script run for reports from every node, no second run after a hand-over once the candidate left
/// recovery, and a node that joins later reading the view before it is ready.
/// </summary>
public sealed class FailoverCoordinatorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>A singleton hand-over waits for the dead node's removal and the new oldest's start: slow on a loaded machine.</summary>
    private static readonly TimeSpan HandOver = TimeSpan.FromSeconds(60);
    private static readonly ServerEndpoint Primary = new("primary", "127.0.0.1", 5432, PrimaryHint: true);
    private static readonly ServerEndpoint Replica = new("replica", "127.0.0.1", 5433, PrimaryHint: false);
    private static readonly FailoverRequest PrimaryLost = new(0, Primary, 1, Replica, []);

    [Fact]
    public async Task Concurrent_reports_from_three_nodes_run_the_script_once_and_every_node_switches()
    {
        var world = new FakeFailoverWorld { ScriptRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var first = await FailoverTestNode.StartAsync(world, null);
        await using var second = await FailoverTestNode.StartAsync(world, first.Address);
        await using var third = await FailoverTestNode.StartAsync(world, first.Address);
        FailoverTestNode[] nodes = [first, second, third];
        foreach (var node in nodes)
        {
            node.StartFollower();
            node.Pool.ExpectMsg<PoolProtocol.RegisterFailover>(Patience);
        }

        foreach (var node in nodes)
        {
            node.Follower!.Tell(PrimaryLost, node.Pool.Ref);
        }
        await world.ScriptStarted.Task.WaitAsync(Patience);
        // The other reports arrive (and are re-sent) while the script runs.
        await Task.Delay(TimeSpan.FromSeconds(1));
        world.ScriptRelease.SetResult();

        foreach (var node in nodes)
        {
            ExpectSwitchTo(node.Pool, "replica");
        }
        Assert.Equal(1, world.ScriptRuns);
        foreach (var node in nodes)
        {
            var view = await node.Follower!.Ask<PrimaryView>(PrimaryViewFollowerProtocol.GetView.Instance, Patience);
            Assert.Equal(new PrimaryView("replica", 1), view);
        }
        // Reports that straggle in after the promotion are recognised as handled.
        var late = ActorTestSystems.Probe(third.System, "late");
        third.Coordinator.Tell(new PrimaryFailureReport("late", "primary", "127.0.0.1", 5432, "replica", "127.0.0.1", 5433, 0, "test"), late.Ref);
        Assert.Equal(FailoverVerdict.AlreadyHandled, late.ExpectMsg<FailoverOutcome>(Patience).Verdict);
        Assert.Equal(1, world.ScriptRuns);
    }

    [Fact]
    public async Task A_new_coordinator_after_a_hand_over_does_not_run_the_script_again_when_the_candidate_is_promoted()
    {
        var world = new FakeFailoverWorld { ScriptRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var first = await FailoverTestNode.StartAsync(world, null);
        await using var second = await FailoverTestNode.StartAsync(world, first.Address);
        await using var third = await FailoverTestNode.StartAsync(world, first.Address);
        second.StartFollower();
        third.StartFollower();
        second.Pool.ExpectMsg<PoolProtocol.RegisterFailover>(Patience);
        third.Pool.ExpectMsg<PoolProtocol.RegisterFailover>(Patience);

        // The oldest node runs the singleton; its script promotes the replica and then the node dies before it writes the view.
        second.Follower!.Tell(PrimaryLost, second.Pool.Ref);
        await world.ScriptStarted.Task.WaitAsync(Patience);
        var firstAddress = first.Address;
        await first.System.Terminate().WaitAsync(Patience);
        // What the split-brain resolver decides after stable-after; said here so that the test does not wait for it.
        Akka.Cluster.Cluster.Get(second.System).Down(firstAddress);

        ExpectSwitchTo(second.Pool, "replica", HandOver);
        ExpectSwitchTo(third.Pool, "replica", HandOver);
        Assert.Equal(1, world.ScriptRuns);
        var view = await third.Follower!.Ask<PrimaryView>(PrimaryViewFollowerProtocol.GetView.Instance, Patience);
        Assert.Equal(new PrimaryView("replica", 1), view);
        world.ScriptRelease.SetResult();
    }

    [Fact]
    public async Task A_node_that_joins_later_reads_the_view_before_it_is_ready()
    {
        var world = new FakeFailoverWorld();
        await using var first = await FailoverTestNode.StartAsync(world, null);
        await using var second = await FailoverTestNode.StartAsync(world, first.Address);
        var operator_ = ActorTestSystems.Probe(second.System, "operator");
        second.Coordinator.Tell(new SwitchPrimaryRequest("replica", "test"), operator_.Ref);
        var switched = operator_.ExpectMsg<FailoverOutcome>(Patience);
        Assert.Equal(FailoverVerdict.Promoted, switched.Verdict);
        Assert.Equal(1, switched.Epoch);

        await using var late = await FailoverTestNode.StartAsync(world, first.Address);
        var ready = ActorTestSystems.Probe(late.System, "ready");
        late.StartFollower(ready.Ref);
        var read = ready.ExpectMsg<PrimaryViewFollowerProtocol.ViewRead>(Patience);
        Assert.True(read.FromMajority);
        Assert.Equal(new PrimaryView("replica", 1), read.View);
        ExpectSwitchTo(late.Pool, "replica");
        Assert.Equal(0, world.ScriptRuns);
    }

    [Fact]
    public async Task A_clear_server_asked_right_after_a_switch_elsewhere_reaches_the_pool_after_that_switch()
    {
        var world = new FakeFailoverWorld();
        await using var first = await FailoverTestNode.StartAsync(world, null);
        await using var second = await FailoverTestNode.StartAsync(world, first.Address);
        var ready = ActorTestSystems.Probe(second.System, "ready");
        var follower = second.StartFollower(ready.Ref);
        ready.ExpectMsg<PrimaryViewFollowerProtocol.ViewRead>(Patience);

        // switch-to answered through the first node; the second node's copy has the view, but its follower hears of it
        // only at the next change notification. The operator clears the old primary at once, through the second node.
        var switcher = ActorTestSystems.Probe(first.System, "switcher");
        first.Coordinator.Tell(new SwitchPrimaryRequest("replica", "test"), switcher.Ref);
        Assert.Equal(FailoverVerdict.Promoted, switcher.ExpectMsg<FailoverOutcome>(Patience).Verdict);
        var clearer = ActorTestSystems.Probe(second.System, "clearer");
        follower.Tell(new PrimaryViewFollowerProtocol.ClearServer("primary"), clearer.Ref);

        // The switch marks the old primary Failed: had it come after the clear, it would undo it.
        var firstToPool = second.Pool.FishForMessage(static m => m is PoolProtocol.SwitchTo or PoolProtocol.ClearServer, Patience);
        Assert.Equal(new PoolProtocol.SwitchTo("replica"), firstToPool);
        var cleared = second.Pool.FishForMessage(static m => m is PoolProtocol.ClearServer, Patience);
        Assert.Equal(new PoolProtocol.ClearServer("primary"), cleared);
        Assert.Equal(clearer.Ref, second.Pool.LastSender);
    }

    private static void ExpectSwitchTo(TestProbe pool, string server, TimeSpan? patience = null)
    {
        var switched = pool.FishForMessage(static message => message is PoolProtocol.SwitchTo, patience ?? Patience);
        Assert.Equal(server, ((PoolProtocol.SwitchTo)switched).Server);
    }
}
