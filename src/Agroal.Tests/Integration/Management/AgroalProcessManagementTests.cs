using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Agroal.Tests.Cli;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Management;

/// <summary>The real <c>agroal</c> process with configuration files and a vault, driven by the real <c>agroal-cli</c> binary.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AgroalProcessManagementTests(PostgresFixture fixture)
{
    private const string Admin = "opsadmin";
    private const string AdminPassword = "ops-secret-pass";
    private const string MasterPassphrase = "master-key-pass";

    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Agroal_cli_binary_manages_the_agroal_process_locally_and_remotely()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-proc");
        var home = directory.Combine("home");
        Directory.CreateDirectory(home);
        var port = FreePort.Get();
        var management = FreePort.Get();
        var conf = directory.Combine("pgagroal.conf");
        var hba = directory.Combine("pgagroal_hba.conf");
        var users = directory.Combine("pgagroal_users.conf");
        var admins = directory.Combine("pgagroal_admins.conf");
        File.WriteAllText(conf, $"[pgagroal]\nhost = 127.0.0.1\nport = {port}\nmanagement = {management}\nunix_socket_dir = {directory.Path}\n" +
            $"max_connections = 8\nlog_type = console\nlog_level = info\n\n[primary]\nhost = {Postgres.Host}\nport = {Postgres.Port}\n");
        File.WriteAllText(hba, "host all all 127.0.0.1/32 scram-sha-256\n");
        Assert.Equal(0, new CliRun(home).Run("admin", "-P", MasterPassphrase, "master-key").ExitCode);
        Assert.Equal(0, new CliRun(home).Run("admin", "-f", users, "-U", Postgres.User, "-P", Postgres.Password, "user", "add").ExitCode);
        Assert.Equal(0, new CliRun(home).Run("admin", "-f", admins, "-U", Admin, "-P", AdminPassword, "user", "add").ExitCode);

        using var agroal = StartAgroal(home, "-c", conf, "-a", hba, "-u", users, "-A", admins, "--allow-root");
        try
        {
            var local = new[] { "-c", conf };
            var remote = new[] { "-h", "127.0.0.1", "-p", management.ToString(CultureInfo.InvariantCulture), "-U", Admin, "-P", AdminPassword };
            await Eventually.TrueAsync(async () => (await CliAsync(home, [.. local, "ping"])).ExitCode == 0, "agroal answering ping");

            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = Postgres.User, Password = Postgres.Password, Database = Postgres.Database,
                Pooling = false, SslMode = SslMode.Disable, ApplicationName = "proc-client",
            };
            await using (var client = new NpgsqlConnection(builder.ConnectionString))
            {
                await client.OpenAsync();
                var details = await CliAsync(home, [.. local, "status", "details"]);
                var json = await CliAsync(home, [.. remote, "-F", "json", "status", "details"]);

                Assert.Equal(0, details.ExitCode);
                Assert.Contains("proc-client", details.Output, StringComparison.Ordinal);
                Assert.Equal(0, json.ExitCode);
                var document = JsonNode.Parse(json.Stdout)!;
                Assert.Equal("proc-client", document["Response"]!["Connections"]![0]!["AppName"]!.GetValue<string>());
            }

            var set = await CliAsync(home, [.. remote, "conf", "set", "blocking_timeout", "12"]);
            var get = await CliAsync(home, [.. local, "conf", "get", "blocking_timeout"]);
            var reload = await CliAsync(home, [.. local, "conf", "reload"]);
            var wrong = await CliAsync(home, ["-h", "127.0.0.1", "-p", management.ToString(CultureInfo.InvariantCulture), "-U", Admin, "-P", "wrong", "ping"]);
            var flush = await CliAsync(home, [.. local, "flush", "all"]);

            Assert.Equal(0, set.ExitCode);
            // pgagroal-cli 2.1 prints a duration's string_value.
            Assert.Equal("12s", get.Stdout.Trim());
            Assert.Equal(0, reload.ExitCode);
            Assert.Equal(1, wrong.ExitCode);
            Assert.True(flush.ExitCode is 0 or 2, flush.Output);

            var shutdown = await CliAsync(home, [.. local, "shutdown", "immediate"]);
            Assert.Equal(0, shutdown.ExitCode);
            Assert.True(agroal.WaitForExit(TimeSpan.FromSeconds(15)), "agroal did not stop after shutdown immediate");
            Assert.Equal(0, agroal.ExitCode);
        }
        finally
        {
            if (!agroal.HasExited)
            {
                agroal.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartAgroal(string home, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "agroal"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["HOME"] = home;
        var process = Process.Start(info)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Task<ProcessResult> CliAsync(string home, string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(AppContext.BaseDirectory, "agroal-cli"), args,
            new Dictionary<string, string> { ["HOME"] = home }, TimeSpan.FromSeconds(30));
}
