using System.Text.Json.Nodes;
using Agroal.Actors.Pool;
using Agroal.Cli.Hosting;
using Agroal.Cli.Management;
using Agroal.Cli.Management.Shell;
using Agroal.Tests.Management;

namespace Agroal.Tests.Cli.Management;

/// <summary>The shell as a new user types into it (through standard input): typos, help, clear, watch, nonsense.</summary>
public sealed class ShellBehaviourTests
{
    [Fact]
    public async Task A_typo_gets_one_line_with_did_you_mean_and_no_help_dump()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).WithPipedInput("stauts\n").Run("-c", bed.Config.MainFile!, "shell");

        Assert.Equal(64, run.ExitCode);
        Assert.Equal("agroal-cli: unknown command 'stauts'. Did you mean status? Type 'help' for the commands.", run.Error.Trim());
        Assert.DoesNotContain("Options:", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("--config", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_knows_shell_commands_only_and_says_when_one_is_unknown()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var unknown = new CliRun(home: null).WithPipedInput("help nosuch\n").Run("-c", bed.Config.MainFile!, "shell");
        var flush = new CliRun(home: null).WithPipedInput("help flush\nhelp conf\nhelp watch\n").Run("-c", bed.Config.MainFile!, "shell");

        Assert.Equal(64, unknown.ExitCode);
        Assert.Contains("help: unknown command 'nosuch'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(0, flush.ExitCode);
        Assert.Contains("flush [mode] [database]", flush.Out, StringComparison.Ordinal);
        Assert.Contains("conf get [key]", flush.Out, StringComparison.Ordinal);
        Assert.Contains("redrawing in place", flush.Out, StringComparison.Ordinal);
        foreach (var option in new[] { "-c,", "-h,", "-p,", "--config", "--host", "--port" })
        {
            Assert.DoesNotContain(option, flush.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Errors_of_a_known_command_are_one_line()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).WithPipedInput("switch-to\n").Run("-c", bed.Config.MainFile!, "shell");

        Assert.Equal(64, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("see 'help switch-to'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clear_alone_clears_the_screen()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).WithPipedInput("clear\n").Run("-c", bed.Config.MainFile!, "shell");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(LineEditor.ClearScreen, run.Out, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Watch_status_redraws_in_place_on_a_terminal()
    {
        await using var bed = await ManagementTestBed.StartAsync();
        var input = new SlowInput("watch status\n", TimeSpan.FromSeconds(3), "\nexit\n");

        var run = new CliRun(home: null).WithPipedInput(input).WithTerminalOutput().Run("-c", bed.Config.MainFile!, "shell");

        Assert.Equal(0, run.ExitCode);
        var frames = run.Out.Split("\u001b[H").Length - 1;
        Assert.True(frames >= 2, run.Out);
        Assert.Contains("\u001b[J", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("---", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirmations_are_one_line_and_unknown_names_are_refused()
    {
        await using var bed = await ManagementTestBed.StartAsync(control: _ => PoolProtocol.Done.Ok);

        var run = new CliRun(home: null)
            .WithPipedInput("flush\nflush idle appdb\ndisable appalias\nenable\nflush bogusmode\ndisable nosuchdb\n")
            .Run("-c", bed.Config.MainFile!, "shell");

        Assert.Contains("Flush gracefully of every database: idle connections close now, in-use ones when their clients return them", run.Out, StringComparison.Ordinal);
        Assert.Contains("Flush idle of database appdb: idle connections close now", run.Out, StringComparison.Ordinal);
        Assert.Contains("Database appalias disabled: new connections are refused", run.Out, StringComparison.Ordinal);
        Assert.Contains("Every database enabled", run.Out, StringComparison.Ordinal);
        Assert.Contains("flush: no database \"bogusmode\" is known to the pooler (known: appalias, appdb)", run.Error, StringComparison.Ordinal);
        Assert.Contains("disable: no database \"nosuchdb\" is known", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain(bed.PoolMessages, m => m is PoolProtocol.DisableDatabase { Database: "nosuchdb" });
        Assert.DoesNotContain(bed.PoolMessages, m => m is PoolProtocol.Flush { Database: "bogusmode" });
    }

    [Fact]
    public async Task Completion_offers_databases_clients_use_besides_the_limits_file()
    {
        await using var bed = await ManagementTestBed.StartAsync(limits: "all all 5\n");
        var invocation = new ManagementInvocation(bed.Local, OutputFormat.Text, Verbose: false, TimeSpan.FromSeconds(10), LogFile: null);

        var known = KnownDatabases.Fetch(invocation, out var error);

        Assert.Equal("", error);
        Assert.Equal(["appdb"], known!);
        var details = JsonNode.Parse("""{"Connections":[{"Database":"billing"}],"Databases":[{"Database":"old","Enabled":false}]}""")!.AsObject();
        var configuration = JsonNode.Parse("""{"limit":{"all":{"max_size":"5"}},"server":{}}""")!.AsObject();
        var completer = new ShellCompleter(() => ShellCatalog.FromConfiguration(configuration, details));
        Assert.Equal(["all", "billing", "old"], completer.Complete("disable "));
    }
}
