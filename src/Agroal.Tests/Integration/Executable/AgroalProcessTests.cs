using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Executable;

/// <summary>The <c>agroal</c> executable as an operator runs it: pgagroal's files, its command line, its signals.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AgroalProcessTests(PostgresFixture fixture)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_sample_configuration_starts_logs_its_settings_and_stops_cleanly_on_SIGTERM()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-process");
        var port = FreePort.Get();
        var config = File.ReadAllText(Path.Combine(RepositoryRoot(), "config", "pgagroal.conf"))
            .Replace("port = 2345", $"port = {port}", StringComparison.Ordinal)
            .Replace("unix_socket_dir = /tmp", $"unix_socket_dir = {directory.Path}", StringComparison.Ordinal);
        File.WriteAllText(directory.Combine("pgagroal.conf"), config);
        await using var agroal = AgroalProcessRunner.Start(
            ["--allow-root", "-c", directory.Combine("pgagroal.conf"), "-a", Path.Combine(RepositoryRoot(), "config", "pgagroal_hba.conf")]);
        await agroal.WaitForOutputAsync($"agroal: started host=", StartTimeout);
        Assert.Contains($"port={port} pipeline=session max_connections=100 servers=1", agroal.Output);
        var pidFile = directory.Combine($"pgagroal.{port}.pid");
        Assert.Equal(agroal.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(pidFile).Trim());

        agroal.Signal("TERM");
        Assert.Equal(0, await agroal.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("agroal: stopped", agroal.Output);
        Assert.False(File.Exists(pidFile));
    }

    [Fact]
    public async Task SIGINT_stops_it_even_when_started_as_a_background_job_with_SIGINT_ignored()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-process");
        var port = FreePort.Get();
        var config = WriteMinimalConfig(directory, port, FreePort.Get());
        await using var agroal = AgroalProcessRunner.Start(["--allow-root", "-c", config, "-a", directory.Combine("hba.conf")], ignoredSignals: "INT");
        await agroal.WaitForOutputAsync("agroal: started host=", StartTimeout);
        var pidFile = directory.Combine($"pgagroal.{port}.pid");
        Assert.Equal(agroal.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(pidFile).Trim());

        agroal.Signal("INT");
        Assert.Equal(0, await agroal.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("agroal: shutdown mode=immediate", agroal.Output);
        Assert.False(File.Exists(pidFile));
    }

    [Fact]
    public async Task SIGHUP_reloads_it_even_when_started_by_nohup_with_SIGHUP_ignored()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-process");
        var port = FreePort.Get();
        var primaryPort = FreePort.Get();
        var config = WriteMinimalConfig(directory, port, primaryPort);
        await using var agroal = AgroalProcessRunner.Start(["--allow-root", "-c", config, "-a", directory.Combine("hba.conf")], ignoredSignals: "HUP USR2");
        await agroal.WaitForOutputAsync("agroal: started host=", StartTimeout);

        WriteMinimalConfig(directory, port, primaryPort, "no_such_key = 1\n");
        agroal.Signal("HUP");
        await agroal.WaitForOutputAsync("unknown key \"no_such_key\"", TimeSpan.FromSeconds(30));
        agroal.Signal("USR2");
        Assert.Equal(0, await agroal.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("agroal: shutdown mode=graceful", agroal.Output);
    }

    /// <summary>A [pgagroal] section on <paramref name="port"/> with one primary that need not be running, and a trust HBA.</summary>
    private static string WriteMinimalConfig(TempDirectory directory, int port, int primaryPort, string extraMainLines = "")
    {
        var config = directory.Combine("pgagroal.conf");
        File.WriteAllText(config, $"[pgagroal]\nhost = 127.0.0.1\nport = {port}\nunix_socket_dir = {directory.Path}\n{extraMainLines}\n[primary]\nhost = 127.0.0.1\nport = {primaryPort}\n");
        File.WriteAllText(directory.Combine("hba.conf"), "host all all all trust\n");
        return config;
    }

    [Fact]
    public async Task A_value_that_does_not_parse_stops_startup_with_file_line_and_reason()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-process");
        var config = directory.Combine("pgagroal.conf");
        File.WriteAllText(config, $"[pgagroal]\nhost = 127.0.0.1\nport = {FreePort.Get()}\nunix_socket_dir = {directory.Path}\nidle_timeout = 1m30s\n\n[primary]\nhost = 127.0.0.1\nport = 5432\n");
        File.WriteAllText(directory.Combine("hba.conf"), "host all all all trust\n");
        await using var agroal = AgroalProcessRunner.Start(["--allow-root", "-c", config, "-a", directory.Combine("hba.conf")]);
        Assert.Equal(1, await agroal.WaitForExitAsync(StartTimeout));
        Assert.Contains($"{config}:5:", agroal.Output);
        Assert.Contains("idle_timeout", agroal.Output);
    }

    [Fact]
    public async Task Without_allow_root_the_root_account_is_refused()
    {
        if (Environment.UserName != "root")
        {
            return;
        }
        await using var agroal = AgroalProcessRunner.Start(["-c", "/nonexistent/pgagroal.conf"]);
        Assert.Equal(1, await agroal.WaitForExitAsync(StartTimeout));
        Assert.Contains("Using the root account is not allowed", agroal.Output);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        await using var agroal = AgroalProcessRunner.Start(["--no-such-option"]);
        Assert.Equal(1, await agroal.WaitForExitAsync(StartTimeout));
    }

    [Fact]
    public async Task With_a_users_vault_clients_log_in_with_scram_and_reach_postgres()
    {
        var postgres = fixture.Server;
        using var directory = TempDirectory.Create("/tmp/agroal-process");
        var vault = PoolerHomeVault.Create(directory, postgres, "process-test-master", "users.conf");
        var environment = vault.Environment;
        var users = vault.UsersFile;

        var port = FreePort.Get();
        var config = directory.Combine("pgagroal.conf");
        File.WriteAllText(config, $"[pgagroal]\nhost = 127.0.0.1\nport = {port}\nunix_socket_dir = {directory.Path}\nmax_connections = 4\nallow_unknown_users = false\npipeline = performance\n\n[primary]\nhost = {postgres.Host}\nport = {postgres.Port}\nprimary = on\n");
        File.WriteAllText(directory.Combine("hba.conf"), "host all all 127.0.0.1/32 scram-sha-256\n");
        await using var agroal = AgroalProcessRunner.Start(["--allow-root", "-c", config, "-a", directory.Combine("hba.conf"), "-u", users], environment);
        await agroal.WaitForOutputAsync("agroal: started", StartTimeout);

        var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString()) { Port = port };
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_user", connection);
            Assert.Equal(postgres.User, await command.ExecuteScalarAsync());
        }
        var unixResult = await Psql.RunAsync(directory.Path, port, postgres.User, postgres.Password, postgres.Database, "SELECT 'unix'", TimeSpan.FromSeconds(30));
        Assert.True(unixResult.ExitCode == 0, unixResult.Output);
        Assert.Equal("unix", unixResult.Output.Trim());

        // It exits in about 0.1 s; the margin is for a loaded machine, and a miss prints the process's log.
        agroal.Signal("INT");
        Assert.Equal(0, await agroal.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Agroal.Actors.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
