using Agroal.Actors.Hosting;

namespace Agroal.Tests.Hosting;

public sealed class ConfigurationPathsTests
{
    private static ConfigurationPaths Resolve(CommandLineOptions options, string? envDirectory, params string[] existing) =>
        ConfigurationPaths.Resolve(
            options,
            name => name == ConfigurationPaths.DirectoryVariable ? envDirectory : null,
            path => existing.Contains(path));

    [Fact]
    public void Defaults_are_under_etc_pgagroal_and_optional_files_are_absent()
    {
        var paths = Resolve(new CommandLineOptions(), null);
        Assert.Equal(new ConfigurationPaths("/etc/pgagroal/pgagroal.conf", "/etc/pgagroal/pgagroal_hba.conf", null, null, null, null, null), paths);
    }

    [Fact]
    public void Optional_default_files_are_used_when_present()
    {
        var paths = Resolve(new CommandLineOptions(), null, "/etc/pgagroal/pgagroal_users.conf");
        Assert.Equal("/etc/pgagroal/pgagroal_users.conf", paths.Users);
    }

    [Fact]
    public void Flags_win_over_the_directory_which_wins_over_the_environment()
    {
        var options = new CommandLineOptions { ConfigDirectory = "/opt/cfg", HbaPath = "/x/hba.conf" };
        var paths = Resolve(options, "/env/cfg", "/opt/cfg/pgagroal.conf", "/opt/cfg/pgagroal_hba.conf", "/env/cfg/pgagroal.conf");
        Assert.Equal("/opt/cfg/pgagroal.conf", paths.Config);
        Assert.Equal("/x/hba.conf", paths.Hba);
    }

    [Fact]
    public void Environment_directory_is_used_without_flags_and_missing_files_fall_back()
    {
        var paths = Resolve(new CommandLineOptions(), "/env/cfg", "/env/cfg/pgagroal.conf", "/env/cfg/pgagroal_databases.conf");
        Assert.Equal("/env/cfg/pgagroal.conf", paths.Config);
        Assert.Equal("/env/cfg/pgagroal_databases.conf", paths.Limit);
        Assert.Equal("/etc/pgagroal/pgagroal_hba.conf", paths.Hba);
    }
}
