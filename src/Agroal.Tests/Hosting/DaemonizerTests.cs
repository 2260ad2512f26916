using Agroal.Actors.Hosting;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Hosting;

public sealed class DaemonizerTests
{
    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, false)]
    public void Daemon_mode_is_refused_with_console_logging(bool daemon, bool console, bool refused)
    {
        Assert.Equal(refused ? Daemonizer.ConsoleRefusal : null, Daemonizer.Check(daemon, console));
    }

    [Fact]
    public void Child_arguments_drop_the_daemon_flag_and_keep_the_rest()
    {
        var options = AgroalCommandLine.Parse(["-d", "-c", "/etc/agroal.conf", "--allow-root"]).Options!;
        var child = Daemonizer.ChildArguments(options);
        Assert.DoesNotContain("--daemon", child);
        Assert.DoesNotContain("-d", child);
        Assert.Equal(options with { Daemon = false }, AgroalCommandLine.Parse(child).Options);
    }

    [Fact]
    public void Current_command_starts_with_this_process_executable()
    {
        Assert.Equal(Environment.ProcessPath, Daemonizer.CurrentCommand()[0]);
    }

    [Fact]
    public async Task Launch_detaches_the_child_and_returns_once_its_pid_file_exists()
    {
        using var directory = TempDirectory.Create();
        var pidFile = directory.Combine("agroal.pid");
        var facts = directory.Combine("facts");
        // The fake daemon records its session id and where its stdout goes, then creates the pid file.
        var script = "cut -d' ' -f6 /proc/$$/stat > \"$1.sid\"; echo $$ > \"$1.pid\"; o=$(readlink /proc/$$/fd/1); echo \"$o\" > \"$1.out\"; " +
                     "sleep 0.2; echo $$ > \"$2\"";

        var error = await Daemonizer.LaunchAsync(
            ["/bin/sh", "-c", script, "fake-agroal"], [facts, pidFile], pidFile, TimeSpan.FromSeconds(10));

        Assert.Null(error);
        Assert.True(File.Exists(pidFile));
        Assert.Equal(File.ReadAllText(facts + ".pid").Trim(), File.ReadAllText(facts + ".sid").Trim());
        Assert.Equal("/dev/null", File.ReadAllText(facts + ".out").Trim());
    }

    [Fact]
    public async Task Launch_reports_a_child_that_never_writes_its_pid_file()
    {
        using var directory = TempDirectory.Create();
        var pidFile = directory.Combine("agroal.pid");

        var error = await Daemonizer.LaunchAsync(["/bin/true"], [], pidFile, TimeSpan.FromMilliseconds(300));

        Assert.Equal($"the daemon did not create {pidFile} within 0.3 s", error);
    }

    [Fact]
    public async Task Launch_refuses_when_the_pid_file_already_exists()
    {
        using var directory = TempDirectory.Create();
        var pidFile = directory.Combine("agroal.pid");
        await File.WriteAllTextAsync(pidFile, "1\n");

        var error = await Daemonizer.LaunchAsync(["/bin/true"], [], pidFile, TimeSpan.FromSeconds(1));

        Assert.Equal($"pid file {pidFile} exists: is another agroal running?", error);
    }
}
