using System.Diagnostics;
using Agroal.Tests.Cli;
using Agroal.Tests.Integration.Pooling;
using Xunit.Abstractions;

namespace Agroal.Tests.Cluster;

/// <summary>
/// Three real agroal processes with failover = on before a PostgreSQL 15 primary and its streaming replica
/// (<see cref="ClusterFailoverWorld"/>): a primary stopped with <c>pg_ctl stop -m immediate</c> is promoted once over the
/// whole cluster and every node, also one that joins later, writes to the promoted replica.
/// </summary>
[Collection(ClusterFailoverCollection.Name)]
public sealed class ClusterFailoverProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FollowWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_killed_primary_is_promoted_once_cluster_wide_and_every_node_and_a_later_one_write_to_it_within_5_s()
    {
        var total = Stopwatch.StartNew();
        await using var world = await ClusterFailoverWorld.CreateAsync(output, startWithStaleScript: true);
        var nodes = world.Nodes.ToArray();
        // The nodes started with a failover_script that fails; a reload gives each the real one, which the coordinator
        // (wherever it runs) uses from its next decision on: no restart.
        await world.ReloadFailoverScriptAsync();

        // Every node has a client that keeps writing; each waits for its first write after the stop.
        var clock = Stopwatch.StartNew();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = nodes.Select(n => ClusterFailoverWorld.FirstWriteAfterAsync(n, stopped.Task, clock)).ToArray();
        var promotedSeen = ClusterFailoverWorld.WaitForFileAsync(world.PromotedFile, clock);
        await Task.Delay(300);
        await world.Primary.StopAsync(immediate: true);
        var stoppedAt = clock.Elapsed;
        stopped.SetResult();
        var writes = await Task.WhenAll(writers);
        var scriptSucceededAt = await promotedSeen;

        output.WriteLine($"primary stopped at {stoppedAt.TotalSeconds:F2} s; failover_script succeeded (line seen) at {scriptSucceededAt.TotalSeconds:F2} s");
        for (var i = 0; i < nodes.Length; i++)
        {
            output.WriteLine($"node {nodes[i].Name}: first write after the stop at {writes[i].At.TotalSeconds:F2} s " +
                $"({(writes[i].At - scriptSucceededAt).TotalSeconds:F2} s after the script's success), {writes[i].Failures} failed attempts before");
        }
        Assert.Equal([world.ExpectedArguments], await File.ReadAllLinesAsync(world.RunsFile));
        Assert.False(File.Exists(world.StaleRunsFile), "the failover_script a reload replaced ran");
        // The metric agrees: one successful run over the three nodes (on the coordinator's), nothing else.
        await Eventually.TrueAsync(async () => await ClusterFailoverWorld.FailoverRunsAsync(nodes, "success") == 1,
            "agroal_cluster_failover_runs_total{outcome=\"success\"} sums to 1 over the nodes", seconds: 15);
        Assert.Equal(1, await ClusterFailoverWorld.FailoverRunsAsync([world.CoordinatorNode(nodes[0])], "success"));
        foreach (var outcome in new[] { "failure", "timeout", "already_promoted" })
        {
            Assert.Equal(0, await ClusterFailoverWorld.FailoverRunsAsync(nodes, outcome));
        }
        for (var i = 0; i < nodes.Length; i++)
        {
            Assert.True(writes[i].At - scriptSucceededAt <= FollowWithin,
                $"node {nodes[i].Name} wrote {(writes[i].At - scriptSucceededAt).TotalSeconds:F2} s after the script's success:\n{nodes[i].Output}");
        }
        Assert.Equal(false, await ClusterFailoverWorld.Scalar(world.ReplicaConnectionString, "SELECT pg_is_in_recovery()"));
        Assert.Equal(3L, await ClusterFailoverWorld.Scalar(world.ReplicaConnectionString, "SELECT count(DISTINCT node) FROM cluster_failover WHERE phase = 'after'"));
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(world.NotifiedFile)), "failover_notify_script ran", seconds: 30);
        Assert.Equal([world.ExpectedArguments], await File.ReadAllLinesAsync(world.NotifiedFile));

        // The old primary comes back as a second, diverged primary. A node that joins now reads the cluster's view before it
        // accepts a client, so its first client's write reaches the promoted replica, not the old primary.
        await world.Primary.StartAgainAsync();
        var late = await world.AddNodeAsync("d");
        await using (var connection = await late.OpenAsync())
        {
            await ClusterFailoverWorld.Insert(connection, late.Name, "late");
        }
        Assert.Equal(1L, await ClusterFailoverWorld.Scalar(world.ReplicaConnectionString, "SELECT count(*) FROM cluster_failover WHERE node = 'd'"));
        Assert.Equal(0L, await ClusterFailoverWorld.Scalar(world.Primary.ConnectionString(), "SELECT count(*) FROM cluster_failover WHERE node = 'd'"));
        Assert.Equal("Primary", ClusterFailoverWorld.ServerState(late, "replica"));
        // Late reports (a node that saw the failure after the view changed) do not run the script again.
        Assert.Single(await File.ReadAllLinesAsync(world.RunsFile));
        output.WriteLine($"test body {total.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Switch_to_and_clear_server_act_on_every_node_and_a_failover_survives_the_loss_of_its_coordinator()
    {
        var total = Stopwatch.StartNew();
        await using var world = await ClusterFailoverWorld.CreateAsync(output, scriptSleepSeconds: 3);
        var nodes = world.Nodes.ToArray();

        // switch-to through node a: the coordinator writes a new view and node b routes new backends to the replica.
        var switched = new CliRun(home: null).Run("-c", nodes[0].ConfigFile, "switch-to", "replica");
        Assert.True(switched.ExitCode == 0, switched.Error + switched.Out);
        await Eventually.TrueAsync(async () => await ClusterFailoverWorld.ScalarThrough(nodes[1], "SELECT pg_is_in_recovery()") is true,
            "node b routes to the replica after switch-to on node a", seconds: 15);
        Assert.Equal("Primary", ClusterFailoverWorld.ServerState(nodes[1], "replica"));
        Assert.Equal("Failed", ClusterFailoverWorld.ServerState(nodes[1], "primary"));
        var unknown = new CliRun(home: null).Run("-c", nodes[0].ConfigFile, "switch-to", "nosuch");
        Assert.NotEqual(0, unknown.ExitCode);

        // And back through node c; the replica is now Failed everywhere until clear server through node b.
        var back = new CliRun(home: null).Run("-c", nodes[2].ConfigFile, "switch-to", "primary");
        Assert.True(back.ExitCode == 0, back.Error + back.Out);
        await Eventually.TrueAsync(async () => await ClusterFailoverWorld.ScalarThrough(nodes[0], "SELECT pg_is_in_recovery()") is false,
            "node a routes to the primary after switch-to on node c", seconds: 15);
        Assert.Equal("Failed", ClusterFailoverWorld.ServerState(nodes[0], "replica"));
        var cleared = new CliRun(home: null).Run("-c", nodes[1].ConfigFile, "clear", "server", "replica");
        Assert.True(cleared.ExitCode == 0, cleared.Error + cleared.Out);
        foreach (var node in nodes)
        {
            await Eventually.TrueAsync(() => Task.FromResult(ClusterFailoverWorld.ServerState(node, "replica") != "Failed"),
                $"node {node.Name} cleared the replica after clear server on node b", seconds: 15);
        }
        output.WriteLine($"switch-to and clear server checked at {total.Elapsed.TotalSeconds:F1} s");

        // The primary dies; the coordinator's node is killed (-9) while failover_script sleeps before promoting.
        var coordinator = world.CoordinatorNode(nodes[0]);
        var survivors = nodes.Where(n => n != coordinator).ToArray();
        output.WriteLine($"the coordinator runs on node {coordinator.Name}");
        var clock = Stopwatch.StartNew();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = survivors.Select(n => ClusterFailoverWorld.FirstWriteAfterAsync(n, stopped.Task, clock)).ToArray();
        await world.Primary.StopAsync(immediate: true);
        stopped.SetResult();
        var scriptStartedAt = await ClusterFailoverWorld.WaitForFileAsync(world.RunsFile, clock);
        Assert.False(File.Exists(world.PromotedFile), "the script promoted before its node was killed");
        await coordinator.KillAsync();
        var killedAt = clock.Elapsed;
        var writes = await Task.WhenAll(writers);
        output.WriteLine($"script started at {scriptStartedAt.TotalSeconds:F2} s, coordinator's node killed at {killedAt.TotalSeconds:F2} s");
        for (var i = 0; i < survivors.Length; i++)
        {
            output.WriteLine($"node {survivors[i].Name}: first write after the stop at {writes[i].At.TotalSeconds:F2} s, {writes[i].Failures} failed attempts before");
        }

        // The killed node's script is not a child that dies with it: it promotes 3 s later. The new coordinator finds the
        // replica out of recovery and does not run the script again (AlreadyPromoted): one run over the whole cluster.
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(world.PromotedFile)), "the orphaned script promoted", seconds: 30);
        Assert.Equal([world.ExpectedArguments], await File.ReadAllLinesAsync(world.RunsFile));
        Assert.Equal([world.ExpectedArguments], await File.ReadAllLinesAsync(world.PromotedFile));
        Assert.Contains(survivors, n => n.Output.Contains("verdict=AlreadyPromoted", StringComparison.Ordinal));
        // The survivors' metrics: the new coordinator adopted the promotion once, and ran no script.
        await Eventually.TrueAsync(async () => await ClusterFailoverWorld.FailoverRunsAsync(survivors, "already_promoted") == 1,
            "agroal_cluster_failover_runs_total{outcome=\"already_promoted\"} sums to 1 over the survivors", seconds: 15);
        Assert.Equal(0, await ClusterFailoverWorld.FailoverRunsAsync(survivors, "success"));
        foreach (var node in survivors)
        {
            Assert.Equal("Primary", ClusterFailoverWorld.ServerState(node, "replica"));
            Assert.Equal(false, await ClusterFailoverWorld.ScalarThrough(node, "SELECT pg_is_in_recovery()"));
        }
        Assert.Equal(2L, await ClusterFailoverWorld.Scalar(world.ReplicaConnectionString, "SELECT count(DISTINCT node) FROM cluster_failover WHERE phase = 'after'"));
        output.WriteLine($"test body {total.Elapsed.TotalSeconds:F1} s");
    }
}
