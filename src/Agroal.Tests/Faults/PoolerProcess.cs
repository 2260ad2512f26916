using System.Globalization;
using Agroal.Tests.Integration.Executable;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Metrics;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>
/// The real <c>agroal</c> executable in front of the fault cluster: trust for clients, a users vault for its SCRAM login
/// to PostgreSQL, the metrics port for its counters. Out of process so that its memory and its descriptors are its own.
/// </summary>
public sealed class PoolerProcess : IPoolerUnderTest, IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly TempDirectory _directory;
    private readonly AgroalProcessRunner _process;
    private readonly int _metricsPort;

    private PoolerProcess(TempDirectory directory, AgroalProcessRunner process, PostgresServer postgres, int port, int metricsPort)
    {
        _directory = directory;
        _process = process;
        Postgres = postgres;
        Port = port;
        _metricsPort = metricsPort;
    }

    public int Port { get; }

    public PostgresServer Postgres { get; }

    public int ProcessId => _process.ProcessId;

    public string Output => _process.Output;

    /// <param name="pipeline">pgagroal's spelling: performance, session or transaction.</param>
    /// <param name="openFiles">RLIMIT_NOFILE the pooler runs with (raised from the test's own, which it inherits).</param>
    public static async Task<PoolerProcess> StartAsync(PostgresServer postgres, string pipeline, int maxConnections, long openFiles = 0, string extraMainLines = "")
    {
        var directory = TempDirectory.Create("/tmp/agroal-faults");
        var vault = PoolerHomeVault.Create(directory, postgres, "faults-master-key", "pgagroal_users.conf");
        var limits = directory.Combine("pgagroal_databases.conf");
        await File.WriteAllTextAsync(limits, string.Create(CultureInfo.InvariantCulture, $"{postgres.Database} {postgres.User} {maxConnections} 1 1\n"));
        var hba = directory.Combine("pgagroal_hba.conf");
        await File.WriteAllTextAsync(hba, "host all all 127.0.0.1/32 trust\n");
        var port = FreePort.Get();
        var metricsPort = FreePort.Get();
        var config = directory.Combine("pgagroal.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"[pgagroal]\nhost = 127.0.0.1\nport = {port}\nmetrics = {metricsPort}\nunix_socket_dir = {directory.Path}\n" +
            $"max_connections = {maxConnections}\npipeline = {pipeline}\nallow_unknown_users = false\nlog_level = warn\nlog_type = console\n{extraMainLines}\n\n" +
            $"[primary]\nhost = {postgres.Host}\nport = {postgres.Port}\nprimary = on\n"));
        var process = AgroalProcessRunner.Start(["--allow-root", "-c", config, "-a", hba, "-u", vault.UsersFile, "-l", limits],
            vault.Environment);
        var pooler = new PoolerProcess(directory, process, postgres, port, metricsPort);
        try
        {
            if (openFiles > 0)
            {
                await DescriptorLimit.RaiseAsync(process.ProcessId, openFiles);
            }
            await pooler.WaitUntilServingAsync();
            return pooler;
        }
        catch
        {
            await pooler.DisposeAsync();
            throw;
        }
    }

    public async Task<NpgsqlConnection> OpenAsync(string? extra = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = Postgres.User, Database = Postgres.Database,
            Pooling = false, SslMode = SslMode.Disable, Timeout = 15, CommandTimeout = 60,
        };
        var connection = new NpgsqlConnection(extra is null ? builder.ConnectionString : builder.ConnectionString + ";" + extra);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<int> ActiveConnectionsAsync() => (int)(await MetricAsync("pgagroal_active_connections") ?? -1);

    public async Task<int> TotalConnectionsAsync() => (int)(await MetricAsync("pgagroal_total_connections") ?? -1);

    public async Task<double?> MetricAsync(string series) =>
        Exposition.Value(await Http.GetStringAsync($"http://127.0.0.1:{_metricsPort}/metrics"), series);

    /// <summary>The pooler's resident set (VmRSS of /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"no VmRSS for pid {ProcessId}");
    }

    /// <summary>Open descriptors of the pooler (entries of /proc/&lt;pid&gt;/fd).</summary>
    public int OpenDescriptors() => Directory.GetFiles($"/proc/{ProcessId}/fd").Length;

    private async Task WaitUntilServingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                var code = await _process.WaitForExitAsync(TimeSpan.FromSeconds(5));
                Assert.Fail($"agroal exited with {code} at start-up:\n{_process.Output}");
            }
            try
            {
                if (await MetricAsync("pgagroal_state") is not null)
                {
                    await using var connection = await OpenAsync();
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or NpgsqlException or TaskCanceledException)
            {
                Assert.True(DateTime.UtcNow < deadline, $"agroal did not serve within 60 s ({ex.Message}):\n{_process.Output}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
