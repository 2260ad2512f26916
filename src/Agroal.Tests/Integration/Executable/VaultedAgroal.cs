using Agroal.Actors.Security.Vault;
using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Executable;

/// <summary>
/// An <c>agroal</c> process in front of a test PostgreSQL with a users vault (SCRAM to clients and to the server),
/// its pgagroal.conf rewritten by the test to exercise reloads.
/// </summary>
public sealed class VaultedAgroal : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private VaultedAgroal(TempDirectory directory, PostgresServer postgres, int port, string mainSection, AgroalProcessRunner process)
    {
        _directory = directory;
        Postgres = postgres;
        Port = port;
        MainSection = mainSection;
        Process = process;
    }

    public PostgresServer Postgres { get; }

    public int Port { get; }

    public AgroalProcessRunner Process { get; }

    /// <summary>The [pgagroal] section as started, without the extra lines.</summary>
    public string MainSection { get; }

    public string ConfigFile => _directory.Combine("pgagroal.conf");

    public string PidFile => _directory.Combine($"pgagroal.{Port}.pid");

    public string Combine(string name) => _directory.Combine(name);

    /// <param name="extraMainLines">Added to [pgagroal]; <c>{dir}</c> stands for the test directory.</param>
    /// <param name="logFile">With log_type = file: the log's name in the test directory, where "started" is awaited.</param>
    /// <param name="limitsLines">When given: pgagroal_databases.conf with these lines, passed with -l.</param>
    /// <param name="awaitStart">False for a start expected to fail: the process is returned as soon as it runs.</param>
    public static async Task<VaultedAgroal> StartAsync(PostgresServer postgres, string extraMainLines, string? extraServerSections = null, string? logFile = null,
        bool awaitStart = true, bool primaryHint = true, string? frontendPassword = null, string? limitsLines = null,
        string mainPipeline = "session")
    {
        var directory = TempDirectory.Create("/tmp/agroal-process");
        var vault = PoolerHomeVault.Create(directory, postgres, "process-test-master", "users.conf");
        var environment = vault.Environment;
        var users = vault.UsersFile;
        var port = FreePort.Get();
        var main = $"[pgagroal]\nhost = 127.0.0.1\nport = {port}\nunix_socket_dir = {directory.Path}\nmax_connections = 4\nallow_unknown_users = false\npipeline = {mainPipeline}\n";
        var agroal = new VaultedAgroal(directory, postgres, port, main, null!) { PrimaryHint = primaryHint };
        agroal.WriteConfig(extraMainLines.Replace("{dir}", directory.Path, StringComparison.Ordinal), extraServerSections);
        File.WriteAllText(directory.Combine("hba.conf"), "host all all 127.0.0.1/32 scram-sha-256\n");
        List<string> args = ["--allow-root", "-c", agroal.ConfigFile, "-a", directory.Combine("hba.conf"), "-u", users];
        if (limitsLines is not null)
        {
            File.WriteAllText(directory.Combine("pgagroal_databases.conf"), limitsLines);
            args.AddRange(["-l", directory.Combine("pgagroal_databases.conf")]);
        }
        if (frontendPassword is not null)
        {
            var frontend = directory.Combine("frontend_users.conf");
            Assert.True(UserFile.Add(frontend, vault.Key, postgres.User, frontendPassword).Ok);
            args.AddRange(["-F", frontend]);
        }
        var process = AgroalProcessRunner.Start(args, environment);
        agroal = new VaultedAgroal(directory, postgres, port, main, process) { PrimaryHint = primaryHint };
        if (!awaitStart)
        {
            return agroal;
        }
        if (logFile is null)
        {
            await process.WaitForOutputAsync("agroal: started", TimeSpan.FromSeconds(30));
        }
        else
        {
            var path = directory.Combine(logFile);
            await Pooling.Eventually.TrueAsync(() => Task.FromResult(File.Exists(path) && File.ReadAllText(path).Contains("agroal: started", StringComparison.Ordinal)),
                "agroal: started in " + path, 30);
        }
        return agroal;
    }

    /// <summary>Rewrites pgagroal.conf: the start's [pgagroal] lines plus <paramref name="extraMainLines"/>, then the server.</summary>
    public void WriteConfig(string extraMainLines, string? extraServerSections = null) =>
        File.WriteAllText(ConfigFile, MainSection + extraMainLines + "\n\n" +
            $"[primary]\nhost = {Postgres.Host}\nport = {Postgres.Port}\n" + (PrimaryHint ? "primary = on\n" : "") + (extraServerSections ?? ""));

    /// <summary>Whether [primary] carries primary = on.</summary>
    public bool PrimaryHint { get; private init; } = true;

    /// <summary>The local management socket (pgagroal 2.0's name) in the test directory.</summary>
    public string ManagementSocket => _directory.Combine(".s.pgagroal");

    public async Task<NpgsqlConnection> OpenAsync(string? password = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(Postgres.ConnectionString()) { Port = Port };
        if (password is not null)
        {
            builder.Password = password;
        }
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
        _directory.Dispose();
    }
}
