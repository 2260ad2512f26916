using Agroal.Actors.Hosting;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Hosting;

public sealed class PidFileTests
{
    [Fact]
    public void Creates_the_file_with_pid_and_newline_and_mode_0640_and_removes_it_on_dispose()
    {
        using var directory = TempDirectory.Create();
        var path = directory.Combine("agroal.2345.pid");
        using (var pidFile = PidFile.TryCreate(path, 4242, out var error))
        {
            Assert.Null(error);
            Assert.NotNull(pidFile);
            Assert.Equal("4242\n", File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
            }
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void An_existing_file_is_an_error_naming_it_and_is_left_alone()
    {
        using var directory = TempDirectory.Create();
        var path = directory.Combine("agroal.pid");
        File.WriteAllText(path, "1\n");

        var pidFile = PidFile.TryCreate(path, 4242, out var error);

        Assert.Null(pidFile);
        Assert.Equal($"pid file {path} exists: is another agroal running?", error);
        Assert.Equal("1\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_directory_is_an_error()
    {
        var pidFile = PidFile.TryCreate("/nonexistent-agroal-dir/agroal.pid", 1, out var error);
        Assert.Null(pidFile);
        Assert.Contains("could not create pid file /nonexistent-agroal-dir/agroal.pid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        using var directory = TempDirectory.Create();
        var pidFile = PidFile.TryCreate(directory.Combine("p.pid"), 1, out _)!;
        pidFile.Dispose();
        pidFile.Dispose();
        Assert.False(File.Exists(pidFile.Path));
    }
}
