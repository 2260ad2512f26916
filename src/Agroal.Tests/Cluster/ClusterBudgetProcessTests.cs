using System.Globalization;
using Agroal.Tests.Integration.Metrics;
using Npgsql;

namespace Agroal.Tests.Cluster;

/// <summary>
/// Three real agroal processes, each configured with max_connections = 8 and a limits rule of max_size 8: in cluster
/// mode those are budgets for the whole cluster, so PostgreSQL never holds more than 8 of the pool's backends however
/// hard clients press on all three nodes.
/// </summary>
[Collection(ClusterNodesCollection.Name)]
public sealed class ClusterBudgetProcessTests(ClusterNodesFixture fixture)
{
    private const int Budget = 8;
    private const int ClientsPerNode = 6;

    [Fact]
    public async Task The_pools_backends_over_three_hammered_nodes_never_exceed_the_cluster_budget()
    {
        await fixture.EnsureThreeUpAsync();
        await WaitForSharesAsync(TimeSpan.FromSeconds(60));

        using var stop = new CancellationTokenSource();
        var hammers = new List<Task<int>>();
        foreach (var node in fixture.Nodes)
        {
            for (var i = 0; i < ClientsPerNode; i++)
            {
                hammers.Add(HammerAsync(node, stop.Token));
            }
        }
        var samples = new List<int>();
        await using (var direct = new NpgsqlConnection(fixture.Postgres.SuperuserConnectionString()))
        {
            await direct.OpenAsync();
            await using var command = direct.CreateCommand();
            command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE usename = @user AND backend_type = 'client backend'";
            command.Parameters.AddWithValue("user", fixture.Postgres.User);
            // About 15 s of sampling every 100 ms while 18 clients press for backends.
            for (var i = 0; i < 150; i++)
            {
                samples.Add(Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
                await Task.Delay(100);
            }
        }
        await stop.CancelAsync();
        var served = 0;
        foreach (var hammer in hammers)
        {
            served += await hammer;
        }

        Assert.True(samples.Max() <= Budget, $"PostgreSQL held {samples.Max()} backends of the pool, budget {Budget}: {string.Join(",", samples)}");
        // The clients did get through: the budget is shared, not a wall.
        Assert.True(served > 0, "no client query went through");
        Assert.True(samples.Max() > Budget / 3, $"the sampled backends never exceeded one node's share: {string.Join(",", samples)}");
    }

    [Fact]
    public async Task A_reload_with_a_changed_max_size_keeps_the_running_budget_and_says_it_needs_a_restart()
    {
        await fixture.EnsureThreeUpAsync();
        await WaitForSharesAsync(TimeSpan.FromSeconds(60));
        var node = fixture.Nodes[0];
        const string shareLine = "cluster budget share";
        var sharesBefore = Occurrences(node.Output, shareLine);
        try
        {
            await WriteLimitAsync(node, 3);
            await node.ReloadAsync();

            // Limits are restart-only (as pgagroal): the rule's budget, hence every share of it, stays as it runs.
            Assert.Contains($"needs a restart, keeping the running value key=limit.{fixture.Postgres.Database}.max_size old={Budget} new=3",
                node.Output, StringComparison.Ordinal);
            Assert.Equal(sharesBefore, Occurrences(node.Output, shareLine));
        }
        finally
        {
            await WriteLimitAsync(node, Budget);
            await node.ReloadAsync();
        }
    }

    private static int Occurrences(string text, string what) => text.Split(what).Length - 1;

    private static Task WriteLimitAsync(ClusterNodeProcess node, int maxSize) =>
        File.WriteAllTextAsync(node.LimitsFile, string.Create(CultureInfo.InvariantCulture, $"{node.Postgres.Database} {node.Postgres.User} {maxSize} 0 0\n"));

    /// <summary>Waits until the three nodes' shares of max_connections are out and sum to the budget.</summary>
    private async Task WaitForSharesAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var shares = new List<int>();
            foreach (var node in fixture.Nodes)
            {
                shares.Add((int)(Exposition.Value(await node.ScrapeAsync(), "agroal_cluster_budget_share") ?? -1));
            }
            if (shares.All(s => s > 0) && shares.Sum() == Budget)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the budget shares were not out within {timeout.TotalSeconds} s: {string.Join(",", shares)}");
            await Task.Delay(200);
        }
    }

    /// <summary>Connects, runs a short query, disconnects, again and again; returns how many queries went through.</summary>
    private static async Task<int> HammerAsync(ClusterNodeProcess node, CancellationToken stop)
    {
        var served = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await node.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT pg_sleep(0.05)";
                await command.ExecuteNonQueryAsync(CancellationToken.None);
                served++;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // A client may wait longer than its timeout for a backend while 18 share 8: what matters is PostgreSQL's count.
            }
        }
        return served;
    }
}
