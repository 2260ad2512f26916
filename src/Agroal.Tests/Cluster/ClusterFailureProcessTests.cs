using System.Diagnostics;
using System.Text.Json.Nodes;
using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Wire;
using Agroal.Tests.Cli;
using Agroal.Tests.Integration.Pooling;
using Npgsql;
using Xunit.Abstractions;

namespace Agroal.Tests.Cluster;

/// <summary>
/// Three real agroal processes: a node killed with -9 is seen unreachable, downed by the split-brain resolver and
/// removed, and joins again when restarted; a node downed by the operator stops serving; the CLI reads the members.
/// </summary>
[Collection(ClusterNodesCollection.Name)]
public sealed class ClusterFailureProcessTests(ClusterNodesFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    /// <summary>max_connections and the limits rule's max_size of the fixture's nodes (<see cref="ClusterNodeProcess.Create"/>'s default).</summary>
    private const int MaxConnections = 8;

    [Fact]
    public async Task Cluster_members_through_agroal_cli_lists_three_up_members_with_leader_and_coordinator()
    {
        await fixture.EnsureThreeUpAsync();
        var node = fixture.Nodes[0];
        var json = new CliRun(home: null).Run("-c", node.ConfigFile, "-F", "json", "cluster", "members");
        Assert.True(json.ExitCode == 0, json.Error + json.Out);
        var response = JsonNode.Parse(json.Out)!["Response"]!;
        var members = response["Members"]!.AsArray();
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.Equal("Up", m!["Status"]!.GetValue<string>()));
        Assert.All(members, m => Assert.True(m!["Reachable"]!.GetValue<bool>()));
        Assert.Equal($"akka.tcp://{ClusterNodesFixture.ClusterName}@127.0.0.1:{node.ClusterPort}", response["Self"]!.GetValue<string>());
        Assert.Single(members, m => m!["Coordinator"]!.GetValue<bool>());
        Assert.Single(members, m => m!["Leader"]!.GetValue<bool>());
        // This node's share of max_connections (what the pool obeys and the metric shows), then of the limits rule.
        var budgets = response["Budgets"]!.AsArray();
        Assert.Equal(2, budgets.Count);
        Assert.Equal("max_connections", budgets[0]!["Budget"]!.GetValue<string>());
        Assert.Equal(MaxConnections, budgets[0]!["Total"]!.GetValue<int>());
        var share = budgets[0]!["Share"]!.GetValue<int>();
        Assert.Equal(share, (int)(Integration.Metrics.Exposition.Value(await node.ScrapeAsync(), "agroal_cluster_budget_share") ?? -1));
        Assert.Equal($"{fixture.Postgres.Database}/{fixture.Postgres.User}", budgets[1]!["Budget"]!.GetValue<string>());
        Assert.Equal(MaxConnections, budgets[1]!["Total"]!.GetValue<int>());
        // Three Up members share the budgets out: 8 = 3 + 3 + 2, every node computing the same split.
        var shares = new List<int>();
        foreach (var member in fixture.Nodes)
        {
            var their = new CliRun(home: null).Run("-c", member.ConfigFile, "-F", "json", "cluster", "members");
            Assert.True(their.ExitCode == 0, their.Error + their.Out);
            var theirBudgets = JsonNode.Parse(their.Out)!["Response"]!["Budgets"]!.AsArray();
            Assert.Equal(theirBudgets[0]!["Share"]!.GetValue<int>(), theirBudgets[1]!["Share"]!.GetValue<int>());
            shares.Add(theirBudgets[0]!["Share"]!.GetValue<int>());
        }
        Assert.Equal(new[] { 2, 3, 3 }, shares.Order().ToArray());

        var text = new CliRun(home: null).Run("-c", node.ConfigFile, "cluster", "members");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Coordinator runs on: akka.tcp://", text.Out, StringComparison.Ordinal);
        Assert.Matches($@"max_connections\s+{MaxConnections}\s+{share}\b", text.Out);
        Assert.Matches($@"{fixture.Postgres.Database}/{fixture.Postgres.User}\s+{MaxConnections}\s+{share}\b", text.Out);
        foreach (var other in fixture.Nodes)
        {
            Assert.Contains($"127.0.0.1:{other.ClusterPort}", text.Out, StringComparison.Ordinal);
        }

        var details = new CliRun(home: null).Run("-c", node.ConfigFile, "status", "details");
        Assert.Equal(0, details.ExitCode);
        Assert.Contains($"Cluster node:        akka.tcp://{ClusterNodesFixture.ClusterName}@127.0.0.1:{node.ClusterPort} (Up)", details.Out, StringComparison.Ordinal);

        var unknown = new CliRun(home: null).Run("-c", node.ConfigFile, "cluster", "down", "127.0.0.1:1");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("is not a member", unknown.Error + unknown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_killed_with_minus_9_is_removed_by_the_resolver_and_rejoins_when_restarted()
    {
        await fixture.EnsureThreeUpAsync();
        var victim = fixture.Nodes[2];
        var survivors = new[] { fixture.Nodes[0], fixture.Nodes[1] };
        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        try
        {
            await Eventually.TrueAsync(async () => await UnreachableAsync(survivors[0]) == 1, "the survivors see the killed node unreachable", 30);
            var unreachableAfter = clock.Elapsed;
            await ClusterNodesFixture.WaitForUpAsync(survivors, 2, Converge);
            await Eventually.TrueAsync(async () => await UnreachableAsync(survivors[0]) == 0 && await UnreachableAsync(survivors[1]) == 0,
                "the killed node removed (no longer unreachable)", 30);
            output.WriteLine($"kill -9 -> unreachable {unreachableAfter.TotalSeconds:F1} s, -> removed {clock.Elapsed.TotalSeconds:F1} s");
            // The survivors serve throughout.
            foreach (var node in survivors)
            {
                await using var connection = await node.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
            }
        }
        finally
        {
            await victim.StartAsync();
            await fixture.EnsureThreeUpAsync();
        }
    }

    [Fact]
    public async Task Cluster_down_from_one_node_makes_the_other_refuse_clients_and_close_its_backends()
    {
        await fixture.EnsureThreeUpAsync();
        var operatorNode = fixture.Nodes[0];
        var downed = fixture.Nodes[1];
        // A client through the node to be downed leaves a pooled backend there.
        await using (var warm = await downed.OpenAsync())
        {
            await using var command = new NpgsqlCommand("SELECT 1", warm);
            await command.ExecuteScalarAsync();
        }
        Assert.True(await TotalConnectionsAsync(downed) > 0);
        try
        {
            var reply = await ManagementClient.SendAsync(ManagementTarget.Local(operatorNode.ManagementSocket),
                ManagementRequests.ClusterDown($"127.0.0.1:{downed.ClusterPort}", ManagementDocument.OutputJson), TimeSpan.FromSeconds(15));
            Assert.True(reply.Received, reply.Error);
            Assert.True(reply.Document!["Outcome"]!["Status"]!.GetValue<bool>(), reply.Document.ToJsonString());

            await Eventually.TrueAsync(async () => (await downed.ScrapeAsync()).Contains("agroal_cluster_self_up 0", StringComparison.Ordinal),
                "the downed node out of service", 30);
            await Eventually.TrueAsync(async () => await TotalConnectionsAsync(downed) == 0, "the downed node's backends closed", 30);
            var refused = await Assert.ThrowsAnyAsync<Exception>(async () => await downed.OpenAsync());
            output.WriteLine($"client of the downed node: {refused.Message}");
            output.WriteLine(downed.Output);
            Assert.Contains("cluster: this node is out of the cluster", downed.Output, StringComparison.Ordinal);
            await ClusterNodesFixture.WaitForUpAsync([operatorNode, fixture.Nodes[2]], 2, Converge);
        }
        finally
        {
            await downed.KillAsync();
            await downed.StartAsync();
            await fixture.EnsureThreeUpAsync();
        }
    }

    [Fact]
    public async Task A_node_with_another_cluster_name_never_joins_and_refuses_its_clients_at_once_also_with_cluster_failover()
    {
        await fixture.EnsureThreeUpAsync();
        // With cluster failover on, as a node that is to follow the cluster's primary: it never becomes Up, so it never reads
        // the primary view, and its clients must still be answered at once rather than held.
        await using var stranger = ClusterNodeProcess.Create("stranger", fixture.Postgres, Integration.Fixtures.FreePort.Get(), "other-name",
            fixture.Seeds, ClusterNodesFixture.TestHocon, pipeline: "session",
            extraMainLines: $"failover = on\nfailover_script = /bin/true\nhealth_check_user = {fixture.Postgres.User}\n",
            extraSections: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\n[replica]\nhost = 127.0.0.1\nport = {Integration.Fixtures.FreePort.Get()}\n"));
        await stranger.StartOutsideClusterAsync();
        // Its join attempts go to the seeds for well over a failure-detector cycle; the cluster stays at three.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        while (DateTime.UtcNow < until)
        {
            Assert.Equal(3, await fixture.Nodes[0].MembersAsync("up"));
            Assert.Equal(0, await stranger.MembersAsync("up"));
            await Task.Delay(500);
        }
        Assert.Equal(0, await fixture.Nodes[0].MembersAsync("joining"));
        // Outside the cluster it has no share of the connection budget: it opens no backend.
        Assert.Equal(0, Integration.Metrics.Exposition.Value(await stranger.ScrapeAsync(), "agroal_cluster_budget_share"));
        // Its clients are told so at once (57P03), not left waiting for a backend nor for the primary view (Npgsql's 15 s
        // timeout would end a held login with a TimeoutException instead).
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(async () =>
        {
            await using var connection = await stranger.OpenAsync();
        });
        Assert.Equal("57P03", refused.SqlState);
        Assert.Contains("not an Up member", refused.MessageText, StringComparison.Ordinal);
    }

    private static async Task<int> UnreachableAsync(ClusterNodeProcess node) =>
        (int)(Integration.Metrics.Exposition.Value(await node.ScrapeAsync(), "agroal_cluster_unreachable_members") ?? -1);

    private static async Task<int> TotalConnectionsAsync(ClusterNodeProcess node) =>
        (int)(Integration.Metrics.Exposition.Value(await node.ScrapeAsync(), "pgagroal_total_connections") ?? -1);
}
