using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class ConfigurationPathsTests
{
    private static Func<string, string?> Env(string? dir) =>
        name => name == ConfigurationPaths.DirectoryEnvironmentVariable ? dir : null;

    private static Func<string, bool> Existing(params string[] files) => files.Contains;

    [Fact]
    public void Without_flags_everything_comes_from_etc_pgagroal()
    {
        var paths = ConfigurationPaths.Resolve(null, null, null, null, null, null, null, null, Env(null), Existing());
        Assert.Equal("/etc/pgagroal/pgagroal.conf", paths.MainFile);
        Assert.Equal("/etc/pgagroal/pgagroal_hba.conf", paths.HbaFile);
        Assert.Null(paths.LimitsFile);
        Assert.Null(paths.UsersFile);
        Assert.Null(paths.FrontendUsersFile);
        Assert.Null(paths.AdminsFile);
        Assert.Null(paths.SuperuserFile);
    }

    [Fact]
    public void Optional_default_files_are_used_when_they_exist()
    {
        var paths = ConfigurationPaths.Resolve(null, null, null, null, null, null, null, null, Env(null),
            Existing("/etc/pgagroal/pgagroal_databases.conf", "/etc/pgagroal/pgagroal_users.conf"));
        Assert.Equal("/etc/pgagroal/pgagroal_databases.conf", paths.LimitsFile);
        Assert.Equal("/etc/pgagroal/pgagroal_users.conf", paths.UsersFile);
    }

    [Fact]
    public void Directory_flag_wins_over_environment_variable()
    {
        var paths = ConfigurationPaths.Resolve(null, null, null, null, null, null, null, "/d", Env("/env"),
            Existing("/d/pgagroal.conf", "/env/pgagroal.conf"));
        Assert.Equal("/d/pgagroal.conf", paths.MainFile);
    }

    [Fact]
    public void Environment_variable_is_used_without_directory_flag()
    {
        var paths = ConfigurationPaths.Resolve(null, null, null, null, null, null, null, null, Env("/env"),
            Existing("/env/pgagroal.conf", "/env/pgagroal_hba.conf", "/env/pgagroal_users.conf"));
        Assert.Equal("/env/pgagroal.conf", paths.MainFile);
        Assert.Equal("/env/pgagroal_hba.conf", paths.HbaFile);
        Assert.Equal("/env/pgagroal_users.conf", paths.UsersFile);
    }

    [Fact]
    public void Per_file_flag_wins_over_directory()
    {
        var paths = ConfigurationPaths.Resolve("/x/main.conf", null, "/x/limits.conf", null, null, null, null, "/d", Env("/env"),
            Existing("/d/pgagroal.conf", "/d/pgagroal_databases.conf"));
        Assert.Equal("/x/main.conf", paths.MainFile);
        Assert.Equal("/x/limits.conf", paths.LimitsFile);
    }

    [Fact]
    public void File_missing_from_directory_falls_back_to_default_path()
    {
        var paths = ConfigurationPaths.Resolve(null, null, null, null, null, null, null, "/d", Env(null),
            Existing("/d/pgagroal.conf", "/etc/pgagroal/pgagroal_admins.conf"));
        Assert.Equal("/d/pgagroal.conf", paths.MainFile);
        Assert.Equal("/etc/pgagroal/pgagroal_hba.conf", paths.HbaFile);
        Assert.Equal("/etc/pgagroal/pgagroal_admins.conf", paths.AdminsFile);
        Assert.Null(paths.SuperuserFile);
    }

    [Fact]
    public void Explicit_optional_file_that_does_not_exist_is_reported_by_the_loader()
    {
        using var config = TempConfig.WithMainKeys("");
        var paths = config.Paths with { UsersFile = Path.Combine(config.Directory, "missing_users.conf") };
        Assert.Contains(ConfigurationLoader.Load(paths, _ => null).Errors, e => e.Message == "users file not found");
    }
}
