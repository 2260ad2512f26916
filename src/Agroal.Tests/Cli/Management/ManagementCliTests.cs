using System.Globalization;
using System.Text.Json.Nodes;
using Agroal.Actors.Pool;
using Agroal.Tests.Management;

namespace Agroal.Tests.Cli.Management;

public sealed class ManagementCliTests
{
    [Fact]
    public async Task Status_prints_a_readable_table_over_the_local_socket()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).Run("-c", bed.Config.MainFile!, "status");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Running", run.Out, StringComparison.Ordinal);
        Assert.Contains("primary", run.Out, StringComparison.Ordinal);
        Assert.Contains("5432", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_the_pgagroal_document()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).Run("-c", bed.Config.MainFile!, "-F", "json", "status", "details");
        var document = JsonNode.Parse(run.Out)!.AsObject();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5, document["Header"]!["Command"]!.GetValue<int>());
        Assert.Equal(1, document["Header"]!["Output"]!.GetValue<int>());
        Assert.True(document["Outcome"]!["Status"]!.GetValue<bool>());
        Assert.Equal("alice", document["Response"]!["Connections"]![0]!["Username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_details_shows_every_slot_with_state_user_database_and_application()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).Run("status", "details", "-c", bed.Config.MainFile!);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Active", run.Out, StringComparison.Ordinal);
        Assert.Contains("alice", run.Out, StringComparison.Ordinal);
        Assert.Contains("billing", run.Out, StringComparison.Ordinal);
        Assert.Contains("appdb", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_outcome_exits_2_with_the_code_and_reason()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).Run("-c", bed.Config.MainFile!, "flush", "idle", "all");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error 200", run.Error, StringComparison.Ordinal);
        Assert.Contains(new PoolProtocol.Flush(FlushMode.Idle, null), bed.PoolMessages);
    }

    [Theory]
    [InlineData(new[] { "flush" }, FlushMode.Gracefully, null)]
    [InlineData(new[] { "flush", "all" }, FlushMode.All, null)]
    [InlineData(new[] { "flush", "appdb" }, FlushMode.Gracefully, "appdb")]
    [InlineData(new[] { "flush", "idle", "appdb" }, FlushMode.Idle, "appdb")]
    public async Task Flush_arguments_map_to_pgagroal_modes(string[] words, FlushMode mode, string? database)
    {
        await using var bed = await ManagementTestBed.StartAsync(control: _ => PoolProtocol.Done.Ok);

        var run = new CliRun(home: null).Run(["-c", bed.Config.MainFile!, .. words]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(new PoolProtocol.Flush(mode, database), bed.PoolMessages);
    }

    [Fact]
    public async Task Remote_commands_log_in_with_the_admin_password()
    {
        await using var bed = await ManagementTestBed.StartAsync();
        var port = bed.RemotePort.ToString(CultureInfo.InvariantCulture);

        var ping = new CliRun(home: null).Run("-h", "127.0.0.1", "-p", port, "-U", "admin", "-P", "admin-secret", "-v", "ping");
        var wrong = new CliRun(home: null).Run("-h", "127.0.0.1", "-p", port, "-U", "admin", "-P", "nope", "ping");
        var prompted = new CliRun(home: null).WithTerminal("admin-secret").Run("-h", "127.0.0.1", "-p", port, "-U", "admin", "status");

        Assert.Equal(0, ping.ExitCode);
        Assert.Contains("ping: success", ping.Out, StringComparison.Ordinal);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("28P01", wrong.Error, StringComparison.Ordinal);
        Assert.Equal(0, prompted.ExitCode);
        Assert.Contains("Running", prompted.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_listening_exits_1()
    {
        using var config = new Agroal.Tests.Configuration.TempConfig().Main("[pgagroal]\nhost = 127.0.0.1\nport = 2345\nunix_socket_dir = /tmp/agroal-nothing-here\n");

        var run = new CliRun(home: null).Run("-c", config.MainFile!, "ping");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot talk to", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conf_get_set_ls_and_alias_print_values()
    {
        await using var bed = await ManagementTestBed.StartAsync();
        var c = bed.Config.MainFile!;

        var get = new CliRun(home: null).Run("-c", c, "conf", "get", "max_connections");
        var server = new CliRun(home: null).Run("-c", c, "conf", "get", "server.primary.port");
        var unknown = new CliRun(home: null).Run("-c", c, "conf", "get", "nonsense");
        var set = new CliRun(home: null).Run("-c", c, "conf", "set", "blocking_timeout", "42");
        var restart = new CliRun(home: null).Run("-c", c, "conf", "set", "max_connections", "20");
        var ls = new CliRun(home: null).Run("-c", c, "conf", "ls");
        var alias = new CliRun(home: null).Run("-c", c, "conf", "alias");
        var all = new CliRun(home: null).Run("-c", c, "conf", "get");

        Assert.Equal("10", get.Out.Trim());
        Assert.Equal("5432", server.Out.Trim());
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("blocking_timeout: 30 -> 42", set.Out, StringComparison.Ordinal);
        Assert.Contains("restart required", restart.Out, StringComparison.Ordinal);
        Assert.Contains(bed.Config.HbaFile!, ls.Out, StringComparison.Ordinal);
        Assert.Contains("appalias", alias.Out, StringComparison.Ordinal);
        Assert.Contains("server.primary.host", all.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_modes_map_to_pgagroal_commands()
    {
        await using var bed = await ManagementTestBed.StartAsync(control: _ => PoolProtocol.Done.Ok);
        var c = bed.Config.MainFile!;

        var graceful = new CliRun(home: null).Run("-c", c, "shutdown");
        var cancel = new CliRun(home: null).Run("-c", c, "shutdown", "cancel");
        var immediate = new CliRun(home: null).Run("-c", c, "shutdown", "immediate");

        Assert.Equal(0, graceful.ExitCode);
        Assert.Equal(0, cancel.ExitCode);
        Assert.Equal(0, immediate.ExitCode);
        Assert.Contains(bed.PoolMessages, m => m is PoolProtocol.BeginGracefulShutdown);
        Assert.Contains(bed.PoolMessages, m => m is PoolProtocol.CancelShutdown);
        // The endpoint replies before it asks the process to stop, so the request may land just after the CLI exits.
        await Agroal.Tests.Integration.Pooling.Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref bed.ShutdownRequests) == 1), "shutdown requested");
    }

    [Fact]
    public async Task Enable_disable_switch_to_and_clear_reach_the_pool()
    {
        await using var bed = await ManagementTestBed.StartAsync(control: _ => PoolProtocol.Done.Ok);
        var c = bed.Config.MainFile!;

        var disable = new CliRun(home: null).Run("-c", c, "disable", "appdb");
        var enable = new CliRun(home: null).Run("-c", c, "enable");
        var switchTo = new CliRun(home: null).Run("-c", c, "switch-to", "primary");
        var clear = new CliRun(home: null).Run("-c", c, "clear", "server", "primary");
        var prometheus = new CliRun(home: null).Run("-c", c, "clear", "prometheus");

        Assert.Equal(0, disable.ExitCode);
        Assert.Contains("Database appdb disabled: new connections are refused, open sessions carry on", disable.Out, StringComparison.Ordinal);
        Assert.Equal(0, enable.ExitCode);
        Assert.Equal(0, switchTo.ExitCode);
        Assert.Equal(0, clear.ExitCode);
        Assert.Equal(2, prometheus.ExitCode);
        Assert.Contains(new PoolProtocol.DisableDatabase("appdb"), bed.PoolMessages);
        Assert.Contains(new PoolProtocol.EnableDatabase("*"), bed.PoolMessages);
        Assert.Contains(new PoolProtocol.SwitchTo("primary"), bed.PoolMessages);
        Assert.Contains(new PoolProtocol.ClearServer("primary"), bed.PoolMessages);
    }
}
