using System.Diagnostics;
using System.Globalization;
using Agroal.Tests.Cluster;
using Agroal.Tests.Integration.Metrics;
using Npgsql;
using Xunit.Abstractions;

namespace Agroal.Tests.Faults;

/// <summary>
/// Three real agroal processes sharing max_connections = 8 under load; one is killed with -9. The clients of the other
/// two see no error, PostgreSQL never holds more than 8 of the pool's backends (sampled every 100 ms throughout), the
/// survivors' shares grow once the dead member is Removed (failure detection + resolver + down-removal-margin; the
/// time is printed), and the node restarts, joins again and gets its share back.
/// </summary>
[Collection(ClusterNodesCollection.Name)]
public sealed class ClusterNodeKillProcessTests(ClusterNodesFixture fixture, ITestOutputHelper output)
{
    private const int Budget = 8;
    private static readonly TimeSpan ShareHandOverLimit = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Killing_a_node_under_load_keeps_the_others_serving_within_the_budget_and_the_node_rejoins()
    {
        await fixture.EnsureThreeUpAsync();
        await WaitForSharesAsync(fixture.Nodes, s => s.All(share => share > 0) && s.Sum() == Budget, TimeSpan.FromSeconds(60), "three shares");
        var victim = fixture.Nodes[2];
        var survivors = new[] { fixture.Nodes[0], fixture.Nodes[1] };

        using var stop = new CancellationTokenSource();
        var sampler = SampleBackendsAsync(stop.Token);
        // Each survivor: one session running short queries and one client connecting for every query: two backends at
        // most, within the smallest share (8 over 3), so nobody there has to wait for a backend except while a share moves.
        var survivorLoads = new List<Task<ClientLoad>>();
        foreach (var node in survivors)
        {
            survivorLoads.Add(SessionLoadAsync(node, stop.Token));
            survivorLoads.Add(ConnectPerQueryLoadAsync(node, stop.Token));
        }
        // The victim's clients end with it: reconnecting, their two sessions would hold the restarted node's whole
        // share (2 of 8) in the performance pipeline, and its start-up probe would wait blocking_timeout for a backend.
        using var victimStop = new CancellationTokenSource();
        var victimLoads = new List<Task<ClientLoad>> { SessionLoadAsync(victim, victimStop.Token), SessionLoadAsync(victim, victimStop.Token) };
        await Task.Delay(TimeSpan.FromSeconds(3));

        var killed = Stopwatch.StartNew();
        await victimStop.CancelAsync();
        await victim.KillAsync();
        await WaitForSharesAsync(survivors, s => s.All(share => share == Budget / 2), ShareHandOverLimit, "the survivors' shares grown to 4");
        var handOver = killed.Elapsed;
        output.WriteLine($"kill -9 -> survivors' shares 4+4: {handOver.TotalSeconds:F1} s");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var restarted = Stopwatch.StartNew();
        await victim.StartAsync();
        await ClusterNodesFixture.WaitForUpAsync(fixture.Nodes, 3, TimeSpan.FromSeconds(60));
        await WaitForSharesAsync(fixture.Nodes, s => s.All(share => share > 0) && s.Sum() == Budget, TimeSpan.FromSeconds(60), "the share back after the rejoin");
        output.WriteLine($"restart -> three shares again: {restarted.Elapsed.TotalSeconds:F1} s");
        await Task.Delay(TimeSpan.FromSeconds(2));

        await stop.CancelAsync();
        var samples = await sampler;
        var loads = new List<ClientLoad>();
        foreach (var load in survivorLoads)
        {
            loads.Add(await load);
        }
        foreach (var load in victimLoads)
        {
            await load;
        }
        output.WriteLine($"backends sampled: {samples.Count} samples, max {samples.Max()}; survivors' queries: {string.Join(",", loads.Select(l => l.Served))}");

        Assert.True(samples.Max() <= Budget, $"PostgreSQL held {samples.Max()} backends of the pool, budget {Budget}: {string.Join(",", samples)}");
        var errors = loads.SelectMany(l => l.Errors).ToList();
        Assert.True(errors.Count == 0, $"the survivors' clients saw {errors.Count} errors: {string.Join(" | ", errors.Take(5))}");
        Assert.All(loads, l => Assert.True(l.Served > 0, "a survivor's client got nothing through"));
        Assert.True(handOver < ShareHandOverLimit);
        await WaitForDistinctNodeIdsAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>One session for the whole test, running a short query again and again.</summary>
    private static async Task<ClientLoad> SessionLoadAsync(ClusterNodeProcess node, CancellationToken stop)
    {
        var load = new ClientLoad();
        NpgsqlConnection? connection = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    connection ??= await node.OpenAsync();
                    await using var command = connection.CreateCommand();
                    command.CommandText = "SELECT pg_sleep(0.02)";
                    await command.ExecuteNonQueryAsync(CancellationToken.None);
                    load.Served++;
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    load.Errors.Add($"{node.Name} session: {ex.Message}");
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                    // Only the killed node's clients get here (their errors are expected); do not spin on a dead port.
                    await Task.Delay(200, CancellationToken.None);
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        return load;
    }

    /// <summary>Connects, runs one query, disconnects, again and again: the backend goes back to the pool every time.</summary>
    private static async Task<ClientLoad> ConnectPerQueryLoadAsync(ClusterNodeProcess node, CancellationToken stop)
    {
        var load = new ClientLoad();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await node.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(CancellationToken.None);
                load.Served++;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                load.Errors.Add($"{node.Name} connect-per-query: {ex.Message}");
                await Task.Delay(200, CancellationToken.None);
            }
        }
        return load;
    }

    /// <summary>The pool user's client backends in pg_stat_activity, every 100 ms until stopped.</summary>
    private async Task<List<int>> SampleBackendsAsync(CancellationToken stop)
    {
        var samples = new List<int>();
        await using var direct = new NpgsqlConnection(fixture.Postgres.SuperuserConnectionString());
        await direct.OpenAsync(CancellationToken.None);
        await using var command = direct.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE usename = @user AND backend_type = 'client backend'";
        command.Parameters.AddWithValue("user", fixture.Postgres.User);
        while (!stop.IsCancellationRequested)
        {
            samples.Add(Convert.ToInt32(await command.ExecuteScalarAsync(CancellationToken.None), CultureInfo.InvariantCulture));
            await Task.Delay(100, CancellationToken.None);
        }
        return samples;
    }

    private static async Task WaitForSharesAsync(IReadOnlyList<ClusterNodeProcess> nodes, Func<List<int>, bool> wanted, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var shares = new List<int>();
            foreach (var node in nodes)
            {
                try
                {
                    shares.Add((int)(Exposition.Value(await node.ScrapeAsync(), "agroal_cluster_budget_share") ?? -1));
                }
                catch (HttpRequestException)
                {
                    shares.Add(-1);
                }
            }
            if (wanted(shares))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {timeout.TotalSeconds} s, shares {string.Join(",", shares)}\n" +
                string.Join("\n----\n", nodes.Select(n => $"{n.Name}:\n{n.Output}")));
            await Task.Delay(100);
        }
    }

    /// <summary>After the rejoin the restarted node holds an id again, distinct from the others'.</summary>
    private async Task WaitForDistinctNodeIdsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ids = new List<int>();
            foreach (var node in fixture.Nodes)
            {
                ids.Add((int)(Exposition.Value(await node.ScrapeAsync(), "agroal_cluster_node_id") ?? 0));
            }
            if (ids.All(id => id > 0) && ids.Distinct().Count() == ids.Count)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"node ids after the rejoin: {string.Join(",", ids)}");
            await Task.Delay(200);
        }
    }

    private sealed class ClientLoad
    {
        public int Served { get; set; }

        public List<string> Errors { get; } = [];
    }
}
