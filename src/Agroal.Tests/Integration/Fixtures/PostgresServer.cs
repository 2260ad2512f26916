using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Agroal.Tests.Integration.Fixtures;

/// <summary>
/// A private PostgreSQL 15 cluster in <c>/tmp/agroal-pg-*</c> on a free loopback port, torn down on dispose
/// and, failing that, at process exit (see <see cref="PostgresServerRegistry"/>) or by a watchdog when the
/// test host dies without running its exit hooks.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";
    public const string Superuser = "postgres";
    private const string OsUser = "postgres";
    private const int PortAttempts = 5;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory;
    private readonly PostgresServerOptions _options;
    private int _disposed;

    private PostgresServer(TempDirectory directory, PostgresServerOptions options, string password)
    {
        _directory = directory;
        _options = options;
        Password = password;
    }

    public string Host => "127.0.0.1";
    public int Port { get; private set; }
    public string SocketDirectory => _directory.Path;
    public string DataDirectory => _directory.Combine("data");
    public string BinDirectory => DefaultBinDirectory;
    public string LogFile => _directory.Combine("postgres.log");

    /// <summary>The default SCRAM role, owner of <see cref="Database"/>.</summary>
    public string User => "agroal";
    public string Password { get; }
    public string Database => "agroal";

    /// <summary>OS user the server runs as (postgres refuses root).</summary>
    internal static string? RunAsUser => Environment.IsPrivilegedProcess ? OsUser : null;

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null)
    {
        options ??= new PostgresServerOptions();
        if (!File.Exists(Path.Combine(DefaultBinDirectory, "postgres")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed: {DefaultBinDirectory}/postgres is missing (run scripts/setup.sh)");
        }
        var server = new PostgresServer(TempDirectory.Create(PostgresDirectories.Prefix), options, RandomPassword());
        PostgresServerRegistry.Add(server);
        try
        {
            server.StartWatchdog();
            await server.InitializeClusterAsync().ConfigureAwait(false);
            if (options.Ssl)
            {
                await server.CreateTlsFilesAsync().ConfigureAwait(false);
            }
            await server.StartOnFreePortAsync().ConfigureAwait(false);
            await server.CreateRoleAsync(server.User, server.Password).ConfigureAwait(false);
            await server.CreateDatabaseAsync(server.Database, server.User).ConfigureAwait(false);
            if (options.PgbenchScale is int scale)
            {
                await server.InitializePgbenchAsync(scale).ConfigureAwait(false);
            }
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server: immediate (crash-like, as a failover test wants) or fast.</summary>
    public async Task StopAsync(bool immediate)
    {
        var result = await PgCtlAsync("stop", "-w", "-m", immediate ? "immediate" : "fast").ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_ctl stop failed: {result.Output}");
        }
    }

    /// <summary>Starts a stopped server again on the same port.</summary>
    public async Task StartAgainAsync()
    {
        var result = await PgCtlStartAsync().ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_ctl start failed: {result.Output}\n{ReadLog()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await PgCtlAsync("stop", "-w", "-t", "10", "-m", "immediate").ConfigureAwait(false);
        }
        _directory.Dispose();
        PostgresServerRegistry.Remove(this);
    }

    /// <summary>Synchronous last-chance teardown for process-exit hooks.</summary>
    internal void KillNow()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            PgCtlAsync("stop", "-w", "-t", "5", "-m", "immediate").GetAwaiter().GetResult();
        }
        _directory.Dispose();
    }

    private async Task InitializeClusterAsync()
    {
        if (RunAsUser is not null)
        {
            await RequireSuccessAsync("chown", ["-R", OsUser + ":", SocketDirectory], runAsUser: null).ConfigureAwait(false);
        }
        await RequireSuccessAsync(
            Path.Combine(BinDirectory, "initdb"),
            ["-D", DataDirectory, "-U", Superuser, "--locale=C", "-E", "UTF8", "--auth=trust", "--no-sync"],
            RunAsUser).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "pg_hba.conf"), HbaFile()).ConfigureAwait(false);
        await File.AppendAllTextAsync(
            Path.Combine(DataDirectory, "postgresql.conf"),
            "\ninclude = 'agroal.conf'\n").ConfigureAwait(false);
    }

    private async Task StartOnFreePortAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Get();
            await WriteSettingsAsync().ConfigureAwait(false);
            var result = await PgCtlStartAsync().ConfigureAwait(false);
            if (result.Succeeded)
            {
                return;
            }
            var log = ReadLog();
            var portTaken = log.Contains("could not bind", StringComparison.Ordinal)
                || log.Contains("already in use", StringComparison.Ordinal);
            if (!portTaken || attempt == PortAttempts)
            {
                throw new InvalidOperationException($"PostgreSQL did not start: {result.Output}\n{log}");
            }
        }
    }

    private async Task WriteSettingsAsync()
    {
        var settings = new StringBuilder();
        void Set(string key, string value) => settings.Append(CultureInfo.InvariantCulture, $"{key} = '{value.Replace("'", "''", StringComparison.Ordinal)}'\n");
        Set("port", Port.ToString(CultureInfo.InvariantCulture));
        Set("listen_addresses", Host);
        Set("unix_socket_directories", SocketDirectory);
        Set("max_connections", _options.MaxConnections.ToString(CultureInfo.InvariantCulture));
        Set("shared_buffers", "32MB");
        Set("fsync", "off");
        Set("synchronous_commit", "off");
        Set("full_page_writes", "off");
        Set("password_encryption", "scram-sha-256");
        if (_options.Ssl)
        {
            AddTlsSettings(Set);
        }
        foreach (var (key, value) in _options.ExtraSettings)
        {
            Set(key, value);
        }
        var path = Path.Combine(DataDirectory, "agroal.conf");
        await File.WriteAllTextAsync(path, settings.ToString()).ConfigureAwait(false);
        if (RunAsUser is not null)
        {
            await RequireSuccessAsync("chown", [OsUser + ":", path], runAsUser: null).ConfigureAwait(false);
        }
    }

    private string HbaFile()
    {
        var hba = new StringBuilder();
        foreach (var line in _options.ExtraHbaLines)
        {
            hba.Append(line).Append('\n');
        }
        hba.Append("local all all trust\n");
        hba.Append("host all all 127.0.0.1/32 scram-sha-256\n");
        hba.Append("host all all ::1/128 scram-sha-256\n");
        return hba.ToString();
    }

    private Task<ProcessResult> PgCtlStartAsync() =>
        PgCtlAsync("start", "-w", "-t", "60", "-l", LogFile);

    private Task<ProcessResult> PgCtlAsync(params string[] args)
    {
        var arguments = new List<string>(args.Length + 2) { args[0], "-D", DataDirectory };
        arguments.AddRange(args.AsSpan(1));
        return ProcessRunner.RunAsync(Path.Combine(BinDirectory, "pg_ctl"), arguments, env: null, ToolTimeout, RunAsUser);
    }

    private async Task InitializePgbenchAsync(int scale)
    {
        var pgbench = Psql.FindTool("pgbench");
        await RequireSuccessAsync(
            pgbench,
            ["-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture), "-h", SocketDirectory,
             "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, Database],
            runAsUser: null).ConfigureAwait(false);
    }

    private static async Task RequireSuccessAsync(string file, string[] args, string? runAsUser)
    {
        var result = await ProcessRunner.RunAsync(file, args, env: null, ToolTimeout, runAsUser).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({result.ExitCode}): {result.Output}");
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.ReadAllText(LogFile);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string RandomPassword() => "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
