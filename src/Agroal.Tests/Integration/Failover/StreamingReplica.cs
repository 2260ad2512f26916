using System.Globalization;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Integration.Failover;

/// <summary>
/// A hot standby of a <see cref="PostgresServer"/> made with pg_basebackup on loopback, in its own
/// <c>/tmp/agroal-pg-*</c> directory (so the test runner's clean-up finds it), run as the postgres OS user.
/// </summary>
public sealed class StreamingReplica : IAsyncDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory;

    private StreamingReplica(TempDirectory directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => _directory.Combine("data");

    public string SocketDirectory => _directory.Path;

    private static string? RunAs => Environment.IsPrivilegedProcess ? "postgres" : null;

    private static string Tool(string name) => Path.Combine(PostgresServer.DefaultBinDirectory, name);

    /// <summary>The shell command that promotes this standby, for a failover script.</summary>
    public string PromoteCommand =>
        (RunAs is null ? "" : $"runuser -u {RunAs} -- ") + $"{Tool("pg_ctl")} promote -w -D {DataDirectory}";

    /// <summary>A primary that a standby can be made from and follow: WAL for replication, a sender, and local replication logins.</summary>
    public static PostgresServerOptions PrimaryOptions(int maxConnections) => new()
    {
        MaxConnections = maxConnections,
        ExtraSettings = new Dictionary<string, string> { ["wal_level"] = "replica", ["max_wal_senders"] = "5" },
        ExtraHbaLines = ["local replication all trust"],
    };

    public static async Task<StreamingReplica> StartAsync(PostgresServer primary)
    {
        var directory = TempDirectory.Create(PostgresDirectories.Prefix);
        var replica = new StreamingReplica(directory, FreePort.Get());
        try
        {
            if (RunAs is not null)
            {
                await Require("chown", ["-R", RunAs + ":", directory.Path], runAs: null);
            }
            await Require(Tool("pg_basebackup"), ["-h", primary.SocketDirectory, "-p", primary.Port.ToString(CultureInfo.InvariantCulture),
                "-U", PostgresServer.Superuser, "-D", replica.DataDirectory, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"], RunAs);
            var settings = string.Join('\n',
                $"port = {replica.Port}", "listen_addresses = '127.0.0.1'", $"unix_socket_directories = '{directory.Path}'",
                "max_connections = 50", "shared_buffers = '32MB'", "fsync = off", "hot_standby = on", "");
            var conf = Path.Combine(replica.DataDirectory, "agroal.conf");
            await File.WriteAllTextAsync(conf, settings);
            if (RunAs is not null)
            {
                await Require("chown", [RunAs + ":", conf], runAs: null);
            }
            await Require(Tool("pg_ctl"), ["start", "-w", "-t", "60", "-D", replica.DataDirectory, "-l", directory.Combine("replica.log")], RunAs);
            return replica;
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await ProcessRunner.RunAsync(Tool("pg_ctl"), ["stop", "-w", "-t", "10", "-m", "immediate", "-D", DataDirectory], env: null, ToolTimeout, RunAs);
        }
        _directory.Dispose();
    }

    private static async Task Require(string file, string[] args, string? runAs)
    {
        var result = await ProcessRunner.RunAsync(file, args, env: null, ToolTimeout, runAs);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({result.ExitCode}): {result.Output}");
        }
    }
}
