using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Agroal.Tests.Cli;
using Agroal.Tests.Integration.Failover;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;
using Xunit.Abstractions;

namespace Agroal.Tests.Cluster;

/// <summary>
/// The cluster failover tests' shared set-up: a PostgreSQL 15 primary, its streaming replica, and three agroal nodes with
/// failover = on whose failover_script appends its arguments to <see cref="RunsFile"/>, optionally sleeps, promotes the
/// replica, and appends them to <see cref="PromotedFile"/> (its success). The table cluster_failover exists and has
/// reached the replica when <see cref="CreateAsync"/> returns.
/// </summary>
public sealed class ClusterFailoverWorld : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _scripts;
    private readonly string _seeds;
    private string _failoverKeys;
    private readonly List<ClusterNodeProcess> _nodes = [];

    private ClusterFailoverWorld(PostgresServer primary, StreamingReplica replica, TempDirectory scripts, string seeds, string failoverKeys)
    {
        Primary = primary;
        Replica = replica;
        _scripts = scripts;
        _seeds = seeds;
        _failoverKeys = failoverKeys;
    }

    public PostgresServer Primary { get; }

    public StreamingReplica Replica { get; }

    public IReadOnlyList<ClusterNodeProcess> Nodes => _nodes;

    /// <summary>One line per start of failover_script.</summary>
    public string RunsFile => _scripts.Combine("runs");

    /// <summary>One line per successful promotion by failover_script.</summary>
    public string PromotedFile => _scripts.Combine("promoted");

    public string NotifiedFile => _scripts.Combine("notified");

    /// <summary>One line per run of the stale script (a failover_script a reload replaced: it must never run).</summary>
    public string StaleRunsFile => _scripts.Combine("stale-runs");

    private string FailoverScript => _scripts.Combine("failover.sh");

    private string StaleScript => _scripts.Combine("stale.sh");

    /// <summary>The script's arguments for this failover: old host, old port, new host, new port.</summary>
    public string ExpectedArguments => $"{Primary.Host} {Primary.Port} 127.0.0.1 {Replica.Port}";

    public string ReplicaConnectionString => new NpgsqlConnectionStringBuilder(Primary.ConnectionString()) { Port = Replica.Port }.ConnectionString;

    /// <param name="scriptSleepSeconds">How long the script sleeps before it promotes (0: not at all).</param>
    /// <param name="startWithStaleScript">The nodes start with a failover_script that fails and records its run in
    /// <see cref="StaleRunsFile"/>; <see cref="ReloadFailoverScriptAsync"/> then gives them the real one.</param>
    public static async Task<ClusterFailoverWorld> CreateAsync(ITestOutputHelper output, int scriptSleepSeconds = 0, bool startWithStaleScript = false)
    {
        var clock = Stopwatch.StartNew();
        // The replica is started with max_connections = 50, and a hot standby needs at least its primary's.
        var primary = await PostgresServer.StartAsync(StreamingReplica.PrimaryOptions(maxConnections: 50));
        StreamingReplica? replica = null;
        TempDirectory? scripts = null;
        ClusterFailoverWorld? world = null;
        try
        {
            replica = await StreamingReplica.StartAsync(primary);
            scripts = TempDirectory.Create();
            var runs = scripts.Combine("runs");
            var promoted = scripts.Combine("promoted");
            var sleep = scriptSleepSeconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"sleep {scriptSleepSeconds}\n") : "";
            // The promotion's output goes to a file: a script whose agroal was killed must not die of a closed pipe.
            var failoverScript = WriteScript(scripts, "failover.sh",
                $"#!/bin/sh\necho \"$@\" >> {runs}\n{sleep}{replica.PromoteCommand} > {scripts.Combine("promote.log")} 2>&1 || exit 1\necho \"$@\" >> {promoted}\n");
            var notifyScript = WriteScript(scripts, "notify.sh", $"#!/bin/sh\necho \"$@\" >> {scripts.Combine("notified")}\n");
            var staleScript = WriteScript(scripts, "stale.sh", $"#!/bin/sh\necho \"$@\" >> {scripts.Combine("stale-runs")}\nexit 1\n");
            var failoverKeys = $"failover = on\nfailover_script = {(startWithStaleScript ? staleScript : failoverScript)}\nfailover_notify_script = {notifyScript}\n" +
                $"failover_script_timeout = 60\nhealth_check_user = {primary.User}\n";
            var clusterPorts = new[] { FreePort.Get(), FreePort.Get(), FreePort.Get() };
            var seeds = string.Join(",", clusterPorts.Select(p => $"127.0.0.1:{p}"));
            world = new ClusterFailoverWorld(primary, replica, scripts, seeds, failoverKeys);
            string[] names = ["a", "b", "c"];
            for (var i = 0; i < names.Length; i++)
            {
                world._nodes.Add(world.CreateNode(names[i], clusterPorts[i]));
            }
            await Task.WhenAll(world._nodes.Select(n => n.StartAsync()));
            await ClusterNodesFixture.WaitForUpAsync(world._nodes, 3, Patience);
            output.WriteLine($"three nodes Up after {clock.Elapsed.TotalSeconds:F1} s");
            await using (var setup = await world._nodes[0].OpenAsync())
            {
                await Execute(setup, "CREATE TABLE cluster_failover(node text, phase text)");
            }
            foreach (var node in world._nodes)
            {
                await using var connection = await node.OpenAsync();
                await Insert(connection, node.Name, "before");
            }
            var replicaConnection = world.ReplicaConnectionString;
            await Eventually.TrueAsync(() => ReplayedBeforeRowsAsync(replicaConnection),
                "the replica replayed the rows written before the failure", seconds: 30);
            return world;
        }
        catch when (world is not null)
        {
            await world.DisposeAsync();
            throw;
        }
        catch
        {
            if (replica is not null)
            {
                await replica.DisposeAsync();
            }
            await primary.DisposeAsync();
            scripts?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The three rows written before the failure are on the replica. The table name is resolved when the query is parsed
    /// (a CASE around to_regclass does not help), so "not replayed yet" arrives as 42P01.
    /// </summary>
    private static async Task<bool> ReplayedBeforeRowsAsync(string replicaConnection)
    {
        try
        {
            return await Scalar(replicaConnection, "SELECT count(*) FROM cluster_failover WHERE phase = 'before'") is 3L;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    /// <summary>
    /// Points every node's failover_script from the stale script to the real one and reloads it (SIGHUP); nodes added
    /// later start with the real one.
    /// </summary>
    public async Task ReloadFailoverScriptAsync()
    {
        var stale = $"failover_script = {StaleScript}\n";
        var real = $"failover_script = {FailoverScript}\n";
        _failoverKeys = _failoverKeys.Replace(stale, real, StringComparison.Ordinal);
        foreach (var node in _nodes)
        {
            var text = await File.ReadAllTextAsync(node.ConfigFile);
            Assert.Contains(stale, text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(node.ConfigFile, text.Replace(stale, real, StringComparison.Ordinal));
            await node.ReloadAsync();
        }
    }

    /// <summary>agroal_cluster_failover_runs_total{outcome} summed over <paramref name="nodes"/>.</summary>
    public static async Task<double> FailoverRunsAsync(IEnumerable<ClusterNodeProcess> nodes, string outcome)
    {
        var sum = 0.0;
        foreach (var node in nodes)
        {
            sum += Integration.Metrics.Exposition.Value(await node.ScrapeAsync(), $"agroal_cluster_failover_runs_total{{outcome=\"{outcome}\"}}") ?? 0;
        }
        return sum;
    }

    /// <summary>A fourth node with the same files and seeds, started after the others (it joins a running cluster).</summary>
    public async Task<ClusterNodeProcess> AddNodeAsync(string name)
    {
        var node = CreateNode(name, FreePort.Get());
        _nodes.Add(node);
        await node.StartAsync();
        return node;
    }

    private ClusterNodeProcess CreateNode(string name, int clusterPort) =>
        ClusterNodeProcess.Create(name, Primary, clusterPort, "agroal-failover", _seeds, ClusterNodesFixture.TestHocon,
            extraMainLines: _failoverKeys, extraSections: string.Create(CultureInfo.InvariantCulture, $"\n[replica]\nhost = 127.0.0.1\nport = {Replica.Port}\n"),
            pipeline: "session");

    /// <summary>The node the members list names as the coordinator's (the oldest Up member), as <paramref name="asking"/> sees it.</summary>
    public ClusterNodeProcess CoordinatorNode(ClusterNodeProcess asking)
    {
        var json = new CliRun(home: null).Run("-c", asking.ConfigFile, "-F", "json", "cluster", "members");
        Assert.True(json.ExitCode == 0, json.Error + json.Out);
        foreach (var member in JsonNode.Parse(json.Out)!["Response"]!["Members"]!.AsArray())
        {
            if (member!["Coordinator"]!.GetValue<bool>())
            {
                var address = member["Address"]!.GetValue<string>();
                return _nodes.Single(n => address.EndsWith(string.Create(CultureInfo.InvariantCulture, $"@127.0.0.1:{n.ClusterPort}"), StringComparison.Ordinal));
            }
        }
        throw new InvalidOperationException($"no member is marked as the coordinator's: {json.Out}");
    }

    /// <summary>The server's state (Primary, Replica, Failed, Not init, ...) in <paramref name="node"/>'s status.</summary>
    public static string ServerState(ClusterNodeProcess node, string server)
    {
        var json = new CliRun(home: null).Run("-c", node.ConfigFile, "-F", "json", "status");
        Assert.True(json.ExitCode == 0, json.Error + json.Out);
        return JsonNode.Parse(json.Out)!["Response"]!["Servers"]![server]!["State"]!.GetValue<string>();
    }

    public static async Task Insert(NpgsqlConnection connection, string node, string phase)
    {
        await using var command = new NpgsqlCommand("INSERT INTO cluster_failover VALUES ($1, $2)", connection);
        command.Parameters.AddWithValue(node);
        command.Parameters.AddWithValue(phase);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A query through <paramref name="node"/> on a new client connection.</summary>
    public static async Task<object?> ScalarThrough(ClusterNodeProcess node, string sql)
    {
        await using var connection = await node.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Writes through <paramref name="node"/> in a loop; returns when a write started after <paramref name="stopped"/> succeeds.</summary>
    public static async Task<(TimeSpan At, int Failures)> FirstWriteAfterAsync(ClusterNodeProcess node, Task stopped, Stopwatch clock)
    {
        var failures = 0;
        while (true)
        {
            var after = stopped.IsCompleted;
            Assert.True(!after || clock.Elapsed < Patience + Patience, $"node {node.Name} never wrote after the primary stopped:\n{node.Output}");
            try
            {
                await using var connection = await node.OpenAsync();
                await Insert(connection, node.Name, after ? "after" : "before");
                if (after)
                {
                    return (clock.Elapsed, failures);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                if (after)
                {
                    failures++;
                }
            }
            await Task.Delay(after ? 50 : 100);
        }
    }

    public static async Task<TimeSpan> WaitForFileAsync(string path, Stopwatch clock)
    {
        while (!File.Exists(path))
        {
            Assert.True(clock.Elapsed < Patience + Patience, $"{path} did not appear");
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }

    private static string WriteScript(TempDirectory directory, string name, string text)
    {
        var path = directory.Combine(name);
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await Replica.DisposeAsync();
        await Primary.DisposeAsync();
        _scripts.Dispose();
    }
}
