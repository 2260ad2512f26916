using Agroal.Actors.Hosting;
using Agroal.Tests.Management;

namespace Agroal.Tests.Cli.Management;

/// <summary>The command line's answers to nonsense: a usage code of its own, help that names the right files and options.</summary>
public sealed class CliUsageTests
{
    [Theory]
    [InlineData("stauts")]
    [InlineData("status", "everything")]
    [InlineData("shutdown", "later")]
    [InlineData("clear")]
    [InlineData("flush", "bogusmode", "appdb")]
    [InlineData("--nosuchoption", "ping")]
    [InlineData("-T", "soon", "ping")]
    public async Task Usage_errors_exit_64_not_the_connection_code(params string[] words)
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).Run(["-c", bed.Config.MainFile!, .. words]);

        Assert.Equal(64, run.ExitCode);
        Assert.NotEqual("", run.Error);
    }

    [Fact]
    public async Task Clear_alone_says_what_clear_does()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var run = new CliRun(home: null).Run("-c", bed.Config.MainFile!, "clear");

        Assert.Contains("'clear prometheus' resets the metrics, 'clear server <name>' returns a failed server to service", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_databases_exit_2_and_options_may_follow_the_command()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var flush = new CliRun(home: null).Run("flush", "bogusmode", "-c", bed.Config.MainFile!);
        var disable = new CliRun(home: null).Run("disable", "nosuchdb", "-c", bed.Config.MainFile!);

        Assert.Equal(2, flush.ExitCode);
        Assert.Contains("no database \"bogusmode\"", flush.Error, StringComparison.Ordinal);
        Assert.Equal(2, disable.ExitCode);
        Assert.DoesNotContain(bed.PoolMessages, m => m is Agroal.Actors.Pool.PoolProtocol.Flush or Agroal.Actors.Pool.PoolProtocol.DisableDatabase);
    }

    [Fact]
    public void Admin_help_lists_its_user_password_and_format_options_once()
    {
        var run = new CliRun(home: null).Run("admin", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, Count(run.Out, "-U, --user"));
        Assert.Equal(1, Count(run.Out, "-P, --password"));
        Assert.Equal(1, Count(run.Out, "-F, --format"));
        Assert.DoesNotContain("--host", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Agroal_help_names_the_pgagroal_files()
    {
        var usage = AgroalCommandLine.Usage;

        foreach (var file in new[] { "pgagroal.conf", "pgagroal_hba.conf", "pgagroal_databases.conf", "pgagroal_users.conf", "pgagroal_admins.conf" })
        {
            Assert.Contains(file, usage, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(" agroal.conf", usage, StringComparison.Ordinal);
        Assert.DoesNotContain(" agroal_", usage, StringComparison.Ordinal);
    }

    private static int Count(string text, string word)
    {
        var count = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
