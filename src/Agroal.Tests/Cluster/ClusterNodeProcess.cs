using System.Globalization;
using Agroal.Tests.Integration.Executable;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Metrics;
using Npgsql;

namespace Agroal.Tests.Cluster;

/// <summary>
/// One real <c>agroal</c> process in cluster mode on loopback: its own directory, pgagroal's files, a client port,
/// a metrics port, a management socket and a remoting port. It can be killed (-9) and started again on the same ports,
/// which is how a node rejoins under a new incarnation.
/// </summary>
public sealed class ClusterNodeProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly TempDirectory _directory;
    private readonly string[] _arguments;
    private readonly Dictionary<string, string> _environment;
    private AgroalProcessRunner? _process;

    private ClusterNodeProcess(string name, TempDirectory directory, PostgresServer postgres, int port, int metricsPort, int clusterPort,
        string[] arguments, Dictionary<string, string> environment)
    {
        Name = name;
        _directory = directory;
        Postgres = postgres;
        Port = port;
        MetricsPort = metricsPort;
        ClusterPort = clusterPort;
        _arguments = arguments;
        _environment = environment;
    }

    /// <summary>A label for messages (a, b, c).</summary>
    public string Name { get; }

    public PostgresServer Postgres { get; }

    public int Port { get; }

    public int MetricsPort { get; }

    public int ClusterPort { get; }

    /// <summary>The directory holding pgagroal.conf and the management socket (.s.pgagroal).</summary>
    public string Directory => _directory.Path;

    public string ConfigFile => _directory.Combine("pgagroal.conf");

    public string ManagementSocket => _directory.Combine(".s.pgagroal");

    public bool IsRunning => _process is { HasExited: false };

    public int ProcessId => _process?.ProcessId ?? 0;

    public string Output => _process?.Output ?? "";

    /// <summary>Writes the node's files; <see cref="StartAsync"/> runs it.</summary>
    /// <param name="clusterName">cluster_name.</param>
    /// <param name="seeds">cluster_seed_nodes (host:port list).</param>
    /// <param name="hocon">The HOCON override (short resolver and failure-detector timings for tests), or null.</param>
    public static ClusterNodeProcess Create(string name, PostgresServer postgres, int clusterPort, string clusterName, string seeds, string? hocon,
        int maxConnections = 8, string extraMainLines = "")
    {
        var directory = TempDirectory.Create("/tmp/agroal-cluster");
        var vault = PoolerHomeVault.Create(directory, postgres, "cluster-master-key", "pgagroal_users.conf");
        var limits = directory.Combine("pgagroal_databases.conf");
        File.WriteAllText(limits, string.Create(CultureInfo.InvariantCulture, $"{postgres.Database} {postgres.User} {maxConnections} 0 0\n"));
        var hba = directory.Combine("pgagroal_hba.conf");
        File.WriteAllText(hba, "host all all 127.0.0.1/32 trust\n");
        var hoconLine = "";
        if (hocon is not null)
        {
            File.WriteAllText(directory.Combine("akka.conf"), hocon);
            hoconLine = $"hocon_file = {directory.Combine("akka.conf")}\n";
        }
        var port = FreePort.Get();
        var metricsPort = FreePort.Get();
        File.WriteAllText(directory.Combine("pgagroal.conf"), string.Create(CultureInfo.InvariantCulture,
            $"[pgagroal]\nhost = 127.0.0.1\nport = {port}\nmetrics = {metricsPort}\nunix_socket_dir = {directory.Path}\n" +
            $"max_connections = {maxConnections}\npipeline = performance\nallow_unknown_users = false\nlog_level = info\nlog_type = console\n" +
            $"cluster = on\ncluster_host = 127.0.0.1\ncluster_port = {clusterPort}\ncluster_seed_nodes = {seeds}\ncluster_name = {clusterName}\n{hoconLine}{extraMainLines}\n\n[primary]\nhost = {postgres.Host}\nport = {postgres.Port}\nprimary = on\n"));
        string[] arguments = ["--allow-root", "-c", directory.Combine("pgagroal.conf"), "-a", hba, "-u", vault.UsersFile, "-l", limits];
        return new ClusterNodeProcess(name, directory, postgres, port, metricsPort, clusterPort, arguments, vault.Environment);
    }

    /// <summary>Starts the process and waits until it serves clients (not until it is Up: see <see cref="MembersAsync"/>).</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _process = AgroalProcessRunner.Start(_arguments, _environment);
        await WaitUntilServingAsync();
    }

    /// <summary>
    /// Starts the process and waits only for its metrics endpoint: a node that never becomes an Up member has no share
    /// of the cluster's connection budget, so it cannot serve a client.
    /// </summary>
    public async Task StartOutsideClusterAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _process = AgroalProcessRunner.Start(_arguments, _environment);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(_process.HasExited, $"agroal {Name} exited at start-up:\n{_process.Output}");
            try
            {
                await ScrapeAsync();
                return;
            }
            catch (HttpRequestException ex)
            {
                Assert.True(DateTime.UtcNow < deadline, $"agroal {Name} did not answer metrics within 60 s ({ex.Message}):\n{_process.Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>kill -9: no leave, no goodbye; the others find out through their failure detectors.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        _process.Signal("KILL");
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(15));
        // A killed agroal leaves its pid file, which (as pgagroal) refuses the next start: the operator's cleanup, done here.
        File.Delete(_directory.Combine(FormattableString.Invariant($"pgagroal.{Port}.pid")));
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = Postgres.User, Database = Postgres.Database,
            Pooling = false, SslMode = SslMode.Disable, Timeout = 15, CommandTimeout = 60,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<string> ScrapeAsync() => await Http.GetStringAsync($"http://127.0.0.1:{MetricsPort}/metrics");

    /// <summary>agroal_cluster_members{status=...} as this node sees it.</summary>
    public async Task<int> MembersAsync(string status) =>
        (int)(Exposition.Value(await ScrapeAsync(), $"agroal_cluster_members{{status=\"{status}\"}}") ?? -1);

    private async Task WaitUntilServingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process!.HasExited)
            {
                var code = await _process.WaitForExitAsync(TimeSpan.FromSeconds(5));
                Assert.Fail($"agroal {Name} exited with {code} at start-up:\n{_process.Output}");
            }
            try
            {
                await using var connection = await OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                Assert.True(DateTime.UtcNow < deadline, $"agroal {Name} did not serve within 60 s ({ex.Message}):\n{_process.Output}");
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _directory.Dispose();
    }
}
