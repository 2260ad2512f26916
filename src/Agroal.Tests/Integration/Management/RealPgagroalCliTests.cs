using System.Globalization;
using System.Text.Json.Nodes;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Vault;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Management;

namespace Agroal.Tests.Integration.Management;

/// <summary>
/// pgagroal's own pgagroal-cli (2.1 or HEAD) against agroal's management endpoint, locally and remotely, in text and
/// JSON, with every compression and encryption. pgagroal-cli refuses to run as root, so it runs as the postgres user
/// with its own HOME (holding the master key agroal shares) and a copy of the configuration it can read.
/// </summary>
public sealed class RealPgagroalCliTests
{
    private const string RunAs = "postgres";

    public static readonly string[][] Commands =
    [
        ["ping"],
        ["status"],
        ["status", "details"],
        ["flush"],
        ["flush", "idle"],
        ["enable", "appdb"],
        ["disable", "appdb"],
        ["shutdown", "gracefully"],
        ["shutdown", "cancel"],
        ["clear", "prometheus"],
        ["clear", "server", "primary"],
        ["conf", "reload"],
        ["conf", "ls"],
        ["conf", "get"],
        ["conf", "get", "max_connections"],
        ["conf", "set", "log_level", "debug"],
        ["conf", "alias"],
    ];

    [PgagroalCliFact]
    public async Task Every_command_works_locally_and_remotely_in_text_and_json()
    {
        await using var setup = await Setup.StartAsync();
        var failures = new List<string>();
        foreach (var command in Commands)
        {
            foreach (var format in new[] { "text", "json" })
            {
                foreach (var remote in new[] { false, true })
                {
                    var result = await setup.RunAsync(remote, ["-F", format, .. command]);
                    var ok = result.ExitCode == 0 && result.Stdout.Trim().Length > 0
                        && (format == "text" || JsonNode.Parse(result.Stdout)?["Outcome"]?["Status"]?.GetValue<bool>() == true);
                    if (!ok)
                    {
                        failures.Add($"{(remote ? "remote" : "local")} -F {format} {string.Join(' ', command)}: exit {result.ExitCode}\n{result.Output}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n---\n", failures));
    }

    [PgagroalCliFact]
    public async Task Status_details_and_switch_to_read_names_with_quotes_and_accents()
    {
        await using var setup = await Setup.StartAsync();

        var details = await setup.RunAsync(remote: false, ["-F", "json", "status", "details"]);
        var text = await setup.RunAsync(remote: false, ["status", "details"]);
        var switchTo = await setup.RunAsync(remote: false, ["-F", "json", "switch-to", "nosuch"]);

        var connections = JsonNode.Parse(details.Stdout)!["Response"]!["Connections"]!.AsArray();
        Assert.Contains(connections, c => c!["AppName"]!.GetValue<string>() == "it's café+1");
        Assert.Contains(connections, c => c!["AppName"]!.GetValue<string>() == "\"quoted\"?");
        Assert.Contains("it's café+1", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("primary", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(1300, JsonNode.Parse(switchTo.Stdout)!["Outcome"]!["Error"]!.GetValue<int>());
    }

    [PgagroalCliFact]
    public async Task Every_compression_and_encryption_is_understood_both_ways()
    {
        await using var setup = await Setup.StartAsync();
        var failures = new List<string>();
        foreach (var compression in new[] { "none", "gz", "zstd", "lz4", "bz2" })
        {
            foreach (var encryption in new[] { "none", "aes256", "aes192", "aes128" })
            {
                foreach (var remote in new[] { false, true })
                {
                    var result = await setup.RunAsync(remote, ["-C", compression, "-E", encryption, "-F", "json", "status", "details"]);
                    var document = result.ExitCode == 0 && result.Stdout.Trim().Length > 0 ? JsonNode.Parse(result.Stdout) : null;
                    if (document?["Response"]?["Connections"]?[0]?["AppName"]?.GetValue<string>() != "it's café+1")
                    {
                        failures.Add($"{(remote ? "remote" : "local")} -C {compression} -E {encryption}: exit {result.ExitCode}\n{result.Output}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n---\n", failures));
    }

    private sealed class Setup : IAsyncDisposable
    {
        private readonly ManagementTestBed _bed;
        private readonly TempDirectory _home;

        private Setup(ManagementTestBed bed, TempDirectory home, string config)
        {
            _bed = bed;
            _home = home;
            ConfigFile = config;
        }

        public string ConfigFile { get; }

        public static async Task<Setup> StartAsync()
        {
            var home = TempDirectory.Create("/tmp/agroal-pgagroal-cli");
            var key = Path.Combine(home.Path, ".pgagroal", "master.key");
            Assert.True(MasterKey.Create(key, "pgagroal-cli-interop-passphrase", overwrite: false).Ok);
            var bed = await ManagementTestBed.StartAsync(status: ManagementWireTests.NamedStatus, withMetrics: true,
                control: static m => m is PoolProtocol.SwitchTo s ? new PoolProtocol.Done(false, $"unknown server \"{s.Server}\"") : PoolProtocol.Done.Ok,
                masterKey: () => MasterKey.Load(key));
            var config = Path.Combine(home.Path, "pgagroal.conf");
            await File.WriteAllTextAsync(config, await File.ReadAllTextAsync(bed.Config.MainFile!));
            // pgagroal-cli runs as postgres: it must reach the sockets, read the copy and own its HOME and master key.
            var socketDirectory = Path.GetDirectoryName(bed.SocketPath)!;
            var chown = await ProcessRunner.RunAsync("chown", ["-R", $"{RunAs}:{RunAs}", home.Path, socketDirectory], null, TimeSpan.FromSeconds(30));
            Assert.True(chown.Succeeded, chown.Output);
            return new Setup(bed, home, config);
        }

        public Task<ProcessResult> RunAsync(bool remote, string[] arguments)
        {
            string[] target = remote
                ? ["-h", "127.0.0.1", "-p", _bed.RemotePort.ToString(CultureInfo.InvariantCulture), "-U", ManagementTestBed.AdminUser, "-P", ManagementTestBed.AdminPassword]
                : ["-c", ConfigFile];
            // runuser resets HOME to the user's own; env sets it back to the directory holding the shared master key.
            var prefix = Path.GetDirectoryName(Path.GetDirectoryName(PgagroalCliFactAttribute.Binary!))!;
            var libraries = $"{Path.Combine(prefix, "lib")}:{Path.Combine(prefix, "lib64")}";
            return ProcessRunner.RunAsync("env", [$"HOME={_home.Path}", $"LD_LIBRARY_PATH={libraries}", PgagroalCliFactAttribute.Binary!, .. target, .. arguments], null,
                TimeSpan.FromSeconds(60), runAsUser: RunAs);
        }

        public async ValueTask DisposeAsync()
        {
            await _bed.DisposeAsync();
            _home.Dispose();
        }
    }
}
