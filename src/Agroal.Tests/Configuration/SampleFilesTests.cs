using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

/// <summary>Every sample under config/ must load as shipped.</summary>
public sealed class SampleFilesTests
{
    private static readonly string ConfigDirectory = FindConfigDirectory();

    private static string FindConfigDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "config");
            if (File.Exists(Path.Combine(candidate, "pgagroal.conf")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("config/ with pgagroal.conf not found above " + AppContext.BaseDirectory);
    }

    private static ConfigurationLoadResult LoadSample(string directory)
    {
        // A sample names the files it ships (failover.sh) under /etc/pgagroal/, where an operator installs them:
        // load a copy in which that prefix points at the copy itself.
        var installed = Path.Combine(Path.GetTempPath(), "agroal-sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(installed);
        try
        {
            foreach (var file in Directory.GetFiles(directory))
            {
                var target = Path.Combine(installed, Path.GetFileName(file));
                File.Copy(file, target);
                if (file.EndsWith(".conf", StringComparison.Ordinal))
                {
                    File.WriteAllText(target, File.ReadAllText(file).Replace("/etc/pgagroal/", installed + "/", StringComparison.Ordinal));
                }
            }
            return LoadInstalledSample(installed);
        }
        finally
        {
            Directory.Delete(installed, recursive: true);
        }
    }

    private static ConfigurationLoadResult LoadInstalledSample(string directory)
    {
        // Files a sample does not ship must not be picked up from /etc/pgagroal of the machine running the tests.
        var paths = ConfigurationPaths.Resolve(null, null, null, null, null, null, null, directory, _ => null,
            path => path.StartsWith(directory, StringComparison.Ordinal) && File.Exists(path));
        return ConfigurationLoader.Load(paths, name => name == "USER" ? "agroal" : null);
    }

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string> { "." };
        foreach (var dir in Directory.GetDirectories(Path.Combine(ConfigDirectory, "examples")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ConfigDirectory, dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_loads_without_errors(string relative)
    {
        var result = LoadSample(Path.GetFullPath(Path.Combine(ConfigDirectory, relative)));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void Main_sample_matches_the_documented_setup()
    {
        var result = LoadSample(ConfigDirectory);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var c = result.Configuration;
        Assert.Equal(("localhost", 2345, "/tmp"), (c.Main.Host, c.Main.Port, c.Main.UnixSocketDir));
        Assert.Equal(PipelineMode.Session, c.Main.EffectivePipeline);
        var server = Assert.Single(c.Servers);
        Assert.Equal(("primary", 5432, true), (server.Name, server.Port, server.Primary));
        Assert.NotEmpty(c.Hba.Entries);
        Assert.Equal("app", c.Limits.ResolveDatabase("app_ro"));
    }

    [Fact]
    public void Examples_cover_performance_transaction_and_cluster()
    {
        Assert.Equal(PipelineMode.Performance, LoadSample(Path.Combine(ConfigDirectory, "examples", "performance")).Configuration!.Main.EffectivePipeline);
        var transaction = LoadSample(Path.Combine(ConfigDirectory, "examples", "transaction")).Configuration!;
        Assert.Equal(PipelineMode.Transaction, transaction.Main.EffectivePipeline);
        Assert.NotNull(transaction.Paths.UsersFile);
        Assert.True(LoadSample(Path.Combine(ConfigDirectory, "examples", "cluster")).Configuration!.Main.Cluster);
    }
}
