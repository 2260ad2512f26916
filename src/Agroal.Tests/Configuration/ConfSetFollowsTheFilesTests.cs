using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

/// <summary>One rule for <c>conf set</c> and for editing the files: limits written as <c>all</c> follow max_connections.</summary>
public sealed class ConfSetFollowsTheFilesTests
{
    private const string Limits = "app=app_ro app_user 40\nall all all\n";

    [Fact]
    public void Conf_set_max_connections_is_accepted_when_the_same_change_in_the_file_is()
    {
        using var before = TempConfig.WithMainKeys("max_connections = 100\n").Limits(Limits);
        using var edited = TempConfig.WithMainKeys("max_connections = 50\n").Limits(Limits);
        var running = before.LoadValid();
        var reloaded = edited.LoadValid();

        var accepted = ConfigurationEditor.TrySet(running, "max_connections", "50", out var updated, out var error);

        Assert.True(accepted, error);
        Assert.Equal(reloaded.Limits.Rules.Select(r => r.MaxSize), updated.Limits.Rules.Select(r => r.MaxSize));
        Assert.Equal([40, 10], updated.Limits.Rules.Select(r => r.MaxSize));
    }

    [Fact]
    public void Conf_set_refuses_what_the_files_would_refuse()
    {
        using var before = TempConfig.WithMainKeys("max_connections = 100\n").Limits(Limits);
        using var edited = TempConfig.WithMainKeys("max_connections = 40\n").Limits(Limits);

        var accepted = ConfigurationEditor.TrySet(before.LoadValid(), "max_connections", "40", out _, out var error);

        Assert.False(accepted);
        Assert.Contains("all leaves no connections", error, StringComparison.Ordinal);
        Assert.False(edited.Load().Succeeded);
    }

    [Fact]
    public void A_limit_change_moves_the_all_entries_after_it()
    {
        using var config = TempConfig.WithMainKeys("max_connections = 100\n").Limits(Limits);

        Assert.True(ConfigurationEditor.TrySet(config.LoadValid(), "limit.app.max_size", "70", out var updated, out var error), error);
        Assert.Equal([70, 30], updated.Limits.Rules.Select(r => r.MaxSize));
    }

    [Fact]
    public void A_duplicate_max_connections_is_reported_in_pgagroal_conf_where_it_is()
    {
        using var config = TempConfig.WithMainKeys("max_connections = 100\nblocking_timeout = 30\nmax_connections = 20\n").Limits("app app_user 40\n");

        var result = config.Load();

        Assert.False(result.Succeeded);
        var budget = Assert.Single(result.Errors, e => e.Message.Contains("exceeds max_connections", StringComparison.Ordinal));
        Assert.Contains($"set at {config.MainFile}:", budget.Message, StringComparison.Ordinal);
        Assert.Contains(result.Warnings, w => w.File == config.MainFile && w.Message.Contains("max_connections: set more than once", StringComparison.Ordinal)
            && w.Message.Contains("first at line", StringComparison.Ordinal));
    }
}
