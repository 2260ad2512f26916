using Agroal.Actors.Cluster;
using Agroal.Actors.Failover;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Tests.Integration.Failover;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Runtime;
using Akka.Actor;
using Akka.TestKit;
using Xunit;

namespace Agroal.Tests.Cluster;

/// <summary>
/// The coordinator with its real probes and a real failover_script against PostgreSQL 15 (primary and streaming
/// replica): the primary stopped with <c>pg_ctl stop -m immediate</c>, reports from two nodes, one script run that
/// promotes the replica, both nodes switched; a fresh coordinator (as after a hand-over that lost the view) sees the
/// replica out of recovery and does not run the script again.
/// </summary>
public sealed class FailoverCoordinatorPostgresTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_killed_primary_is_replaced_once_and_a_new_coordinator_does_not_promote_again()
    {
        await using var primary = await PostgresServer.StartAsync(StreamingReplica.PrimaryOptions(maxConnections: 30));
        await using var replica = await StreamingReplica.StartAsync(primary);
        using var scripts = TempDirectory.Create();
        var calls = scripts.Combine("calls");
        var scriptPath = scripts.Combine("failover.sh");
        await File.WriteAllTextAsync(scriptPath, $"#!/bin/sh\necho \"$@\" >> {calls}\nexec {replica.PromoteCommand}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(scriptPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var primaryEndpoint = new ServerEndpoint("primary", primary.Host, primary.Port, PrimaryHint: true);
        var replicaEndpoint = new ServerEndpoint("replica", "127.0.0.1", replica.Port, PrimaryHint: false);
        using var connector = new BackendConnector(TimeProvider.System);
        var probe = new BackendFailoverProbe(connector, [primaryEndpoint, replicaEndpoint], primary.User, primary.Password);
        var script = new FailoverScriptProcess(new FailoverSettings(scriptPath, "", TimeSpan.FromSeconds(60)));

        Assert.True(await probe.AcceptsConnectionsAsync(primary.Host, primary.Port, TimeSpan.FromSeconds(5)));
        Assert.False(await probe.IsInRecoveryAsync(primary.Host, primary.Port, TimeSpan.FromSeconds(5)));
        Assert.True(await probe.IsInRecoveryAsync("127.0.0.1", replica.Port, TimeSpan.FromSeconds(5)));

        await using var first = await FailoverTestNode.StartAsync(probe, script, null);
        await using var second = await FailoverTestNode.StartAsync(probe, script, first.Address);
        FailoverTestNode[] nodes = [first, second];
        foreach (var node in nodes)
        {
            node.StartFollower();
            node.Pool.ExpectMsg<PoolProtocol.RegisterFailover>(Patience);
        }
        // A report while the primary still answers changes nothing.
        var early = ActorTestSystems.Probe(first.System, "early");
        first.Coordinator.Tell(Report(primary, replica, epoch: 0), early.Ref);
        Assert.Equal(FailoverVerdict.PrimaryAnswers, early.ExpectMsg<FailoverOutcome>(Patience).Verdict);

        await primary.StopAsync(immediate: true);
        var lost = new FailoverRequest(0, primaryEndpoint, 1, replicaEndpoint, []);
        foreach (var node in nodes)
        {
            node.Follower!.Tell(lost, node.Pool.Ref);
        }
        foreach (var node in nodes)
        {
            var switched = node.Pool.FishForMessage(static message => message is PoolProtocol.SwitchTo, Patience);
            Assert.Equal("replica", ((PoolProtocol.SwitchTo)switched).Server);
        }
        Assert.Equal([$"127.0.0.1 {primary.Port} 127.0.0.1 {replica.Port}"], await File.ReadAllLinesAsync(calls));
        Assert.False(await probe.IsInRecoveryAsync("127.0.0.1", replica.Port, TimeSpan.FromSeconds(5)));

        // A coordinator that never saw the view (a cluster of its own) is told of the same failure: the replica is out of
        // recovery, so it writes the view without running the script.
        await using var fresh = await FailoverTestNode.StartAsync(probe, script, null);
        var reporter = ActorTestSystems.Probe(fresh.System, "reporter");
        fresh.Coordinator.Tell(Report(primary, replica, epoch: 0), reporter.Ref);
        var outcome = reporter.ExpectMsg<FailoverOutcome>(Patience);
        Assert.Equal((FailoverVerdict.AlreadyPromoted, "replica", 1L), (outcome.Verdict, outcome.PrimaryServer, outcome.Epoch));
        Assert.Single(await File.ReadAllLinesAsync(calls));
    }

    private static PrimaryFailureReport Report(PostgresServer primary, StreamingReplica replica, long epoch) =>
        new("test", "primary", primary.Host, primary.Port, "replica", "127.0.0.1", replica.Port, epoch, "test");
}
