using System.Text.Json.Nodes;
using Agroal.Cli.Management.Shell;
using Agroal.Tests.Management;

namespace Agroal.Tests.Cli.Management;

public sealed class ShellTests
{
    [Fact]
    public async Task Shell_runs_commands_from_standard_input_with_help_history_and_watch()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null)
            .WithPipedInput("help\nstatus\nhelp flush\nwatch status\n\nhistory\nexit\n")
            .Run("-c", bed.Config.MainFile!, "shell");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(ShellSession.Prompt, run.Out, StringComparison.Ordinal);
        Assert.Contains("switch-to <server>", run.Out, StringComparison.Ordinal);
        Assert.Contains("press a key to stop", run.Out, StringComparison.Ordinal);
        Assert.True(CountOf(run.Out, "Running") >= 2, run.Out);
        Assert.Contains("Close pooled connections", run.Out, StringComparison.Ordinal);
        Assert.Contains("   2  status", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shell_ends_at_end_of_input_and_reports_the_last_exit_code()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).WithPipedInput("flush\n").Run("-c", bed.Config.MainFile!, "shell");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error 200", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Completion_offers_commands_then_their_arguments()
    {
        var completer = new ShellCompleter(static () => Catalog());

        Assert.Equal(["flush"], completer.Complete("fl"));
        Assert.Equal(["status", "switch-to"], completer.Complete("s").Where(w => w.StartsWith("s", StringComparison.Ordinal) && w != "shutdown"));
        Assert.Contains("gracefully", completer.Complete("flush "));
        Assert.Contains("appdb", completer.Complete("flush idle "));
        Assert.Equal(["appalias", "appdb"], completer.Complete("enable app"));
        Assert.Equal(["primary", "replica"], completer.Complete("switch-to "));
        Assert.Equal(["primary"], completer.Complete("clear server pr"));
        Assert.Equal(["max_connections"], completer.Complete("conf get max_c"));
        Assert.Contains("server.primary.port", completer.Complete("conf set server."));
        Assert.Equal("app", ShellCompleter.CommonPrefix(["appalias", "appdb"]));
    }

    [Fact]
    public void Tokenizer_keeps_quoted_words_whole()
    {
        Assert.Equal(["conf", "set", "log_line_prefix", "agroal %Y"], ShellTokenizer.Split("conf set log_line_prefix 'agroal %Y'"));
    }

    private static ShellCatalog Catalog() => ShellCatalog.FromConfiguration(JsonNode.Parse("""
        {"ServerVersion":"2.0.0","max_connections":"10","log_level":"info",
         "server":{"primary":{"host":"a","port":"5432"},"replica":{"host":"b","port":"5433"}},
         "limit":{"appdb":{"aliases":"appalias","max_size":"5"}},
         "hba":{}}
        """)!.AsObject());

    private static int CountOf(string text, string word)
    {
        var count = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
