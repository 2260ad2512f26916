using Agroal.Actors.Cluster;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Cluster;

/// <summary>The coordinator's script on a node follows that node's reloads: each run reads the keys the node has then.</summary>
public sealed class ReloadableFailoverScriptTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_run_after_a_reload_uses_the_new_failover_script_with_pgagroals_arguments()
    {
        var first = Script("first.sh");
        var second = Script("second.sh");
        var options = new ClusterFailoverOptions(Options(first));
        var script = new ReloadableFailoverScript(options, NullLogger.Instance);

        Assert.True((await script.RunAsync("10.0.0.1", 5432, "10.0.0.2", 5433)).Succeeded);
        options.Replace(Options(second));
        Assert.True((await script.RunAsync("10.0.0.1", 5432, "10.0.0.2", 5433)).Succeeded);

        Assert.Equal(["10.0.0.1 5432 10.0.0.2 5433"], await File.ReadAllLinesAsync(first + ".runs"));
        Assert.Equal(["10.0.0.1 5432 10.0.0.2 5433"], await File.ReadAllLinesAsync(second + ".runs"));
    }

    [Fact]
    public async Task A_reload_that_took_the_script_away_fails_the_run_with_a_clear_reason()
    {
        var options = new ClusterFailoverOptions(Options(Script("first.sh")));
        options.Replace(Options(""));
        var result = await new ReloadableFailoverScript(options, NullLogger.Instance).RunAsync("10.0.0.1", 5432, "10.0.0.2", 5433);
        Assert.False(result.Succeeded);
        Assert.Contains("failover_script is not set", result.Output, StringComparison.Ordinal);
    }

    private static PoolOptions Options(string failoverScript) => new()
    {
        MaxConnections = 4,
        BlockingTimeout = TimeSpan.FromSeconds(1),
        Servers = [],
        BackendPassword = static _ => null,
        Failover = true,
        FailoverScript = failoverScript,
        FailoverScriptTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A script that appends its arguments to its own path + ".runs".</summary>
    private string Script(string name)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, $"#!/bin/sh\necho \"$@\" >> {path}.runs\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }
}
