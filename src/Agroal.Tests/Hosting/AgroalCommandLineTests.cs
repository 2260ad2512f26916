using Agroal.Actors.Hosting;

namespace Agroal.Tests.Hosting;

public sealed class AgroalCommandLineTests
{
    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var result = AgroalCommandLine.Parse([]);
        Assert.True(result.IsSuccess);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new CommandLineOptions(), result.Options);
        Assert.Null(result.Options!.ConfigPath);
        Assert.False(result.Options.Daemon || result.Options.AllowRoot || result.Options.ShowHelp || result.Options.ShowVersion);
    }

    [Theory]
    [InlineData("-c", "ConfigPath")]
    [InlineData("--config", "ConfigPath")]
    [InlineData("-a", "HbaPath")]
    [InlineData("--hba", "HbaPath")]
    [InlineData("-l", "LimitPath")]
    [InlineData("--limit", "LimitPath")]
    [InlineData("-u", "UsersPath")]
    [InlineData("--users", "UsersPath")]
    [InlineData("-F", "FrontendUsersPath")]
    [InlineData("--frontend", "FrontendUsersPath")]
    [InlineData("-A", "AdminsPath")]
    [InlineData("--admins", "AdminsPath")]
    [InlineData("-S", "SuperuserPath")]
    [InlineData("--superuser", "SuperuserPath")]
    [InlineData("-D", "ConfigDirectory")]
    [InlineData("--directory", "ConfigDirectory")]
    public void Path_options_are_kept_as_given(string option, string property)
    {
        var result = AgroalCommandLine.Parse([option, "relative/file.conf"]);
        Assert.True(result.IsSuccess, result.Error);
        var value = typeof(CommandLineOptions).GetProperty(property)!.GetValue(result.Options);
        Assert.Equal("relative/file.conf", value);
    }

    [Theory]
    [InlineData("-d", "Daemon")]
    [InlineData("--daemon", "Daemon")]
    [InlineData("--allow-root", "AllowRoot")]
    [InlineData("-V", "ShowVersion")]
    [InlineData("--version", "ShowVersion")]
    [InlineData("-?", "ShowHelp")]
    [InlineData("-h", "ShowHelp")]
    [InlineData("--help", "ShowHelp")]
    public void Flags_are_recognised(string flag, string property)
    {
        var result = AgroalCommandLine.Parse([flag]);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(true, typeof(CommandLineOptions).GetProperty(property)!.GetValue(result.Options));
    }

    [Fact]
    public void Options_combine()
    {
        var result = AgroalCommandLine.Parse(["-c", "/etc/a.conf", "-a", "/etc/hba.conf", "-d", "--allow-root"]);
        Assert.Equal(
            new CommandLineOptions { ConfigPath = "/etc/a.conf", HbaPath = "/etc/hba.conf", Daemon = true, AllowRoot = true },
            result.Options);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("-x")]
    [InlineData("positional")]
    [InlineData("-c")]
    [InlineData("--config")]
    [InlineData("-c", "a", "-c", "b")]
    public void Unknown_or_incomplete_arguments_are_usage_errors(params string[] args)
    {
        var result = AgroalCommandLine.Parse(args);
        Assert.False(result.IsSuccess);
        Assert.Equal(1, result.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Null(result.Options);
    }

    [Fact]
    public void Response_files_are_not_expanded()
    {
        var result = AgroalCommandLine.Parse(["@/etc/passwd"]);
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void ToArguments_round_trips_with_absolute_paths()
    {
        var options = new CommandLineOptions
        {
            ConfigPath = "conf/agroal.conf", HbaPath = "/etc/hba", LimitPath = "/l", UsersPath = "/u",
            FrontendUsersPath = "/f", AdminsPath = "/a", SuperuserPath = "/s", ConfigDirectory = "/d",
            Daemon = true, AllowRoot = true,
        };
        var parsed = AgroalCommandLine.Parse(AgroalCommandLine.ToArguments(options));
        Assert.Equal(options with { ConfigPath = Path.GetFullPath("conf/agroal.conf") }, parsed.Options);
    }

    [Fact]
    public void Usage_lists_every_option()
    {
        var usage = AgroalCommandLine.Usage;
        foreach (var name in new[] { "--config", "--hba", "--limit", "--users", "--frontend", "--admins", "--superuser",
                     "--directory", "--daemon", "--version", "--help", "--allow-root", "-?" })
        {
            Assert.Contains(name, usage, StringComparison.Ordinal);
        }
        Assert.StartsWith("agroal ", AgroalCommandLine.VersionText, StringComparison.Ordinal);
    }

    [Fact]
    public void Hocon_options_are_parsed_and_survive_the_daemon_re_execution()
    {
        var result = AgroalCommandLine.Parse(["--hocon", "runtime.conf", "--print-hocon"]);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("runtime.conf", result.Options!.HoconPath);
        Assert.True(result.Options.PrintHocon);
        var again = AgroalCommandLine.Parse(AgroalCommandLine.ToArguments(result.Options));
        Assert.Equal(Path.GetFullPath("runtime.conf"), again.Options!.HoconPath);
        Assert.True(again.Options.PrintHocon);
        Assert.Contains("--print-hocon", AgroalCommandLine.Usage, StringComparison.Ordinal);
    }
}
