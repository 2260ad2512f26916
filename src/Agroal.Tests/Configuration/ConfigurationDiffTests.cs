using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class ConfigurationDiffTests
{
    private static AgroalConfiguration Load(string keys, string servers = TempConfig.PrimaryServer, string hba = TempConfig.TrustAll, string? limits = null)
    {
        using var config = TempConfig.WithMainKeys(keys, servers, hba);
        if (limits is not null)
        {
            config.Limits(limits);
        }

        return config.LoadValid();
    }

    [Fact]
    public void Identical_snapshots_have_no_changes()
    {
        var diff = ConfigurationDiff.Compute(Load("idle_timeout = 5m"), Load("idle_timeout = 300"));
        Assert.True(diff.IsEmpty);
        Assert.False(diff.RequiresRestart);
    }

    [Theory]
    [InlineData("log_level = info", "log_level = debug2", "log_level", ReloadEffect.AppliesLive)]
    [InlineData("blocking_timeout = 30", "blocking_timeout = 10", "blocking_timeout", ReloadEffect.AppliesLive)]
    [InlineData("connection_retry_delay = 250", "connection_retry_delay = 100", "connection_retry_delay", ReloadEffect.AppliesLive)]
    [InlineData("server_reset_query = 'DISCARD ALL'", "server_reset_query = 'RESET ALL'", "server_reset_query", ReloadEffect.AppliesLive)]
    [InlineData("health_check_period = 30", "health_check_period = 60", "health_check_period", ReloadEffect.AppliesLive)]
    [InlineData("flush_timeout = 60", "flush_timeout = 0", "flush_timeout", ReloadEffect.AppliesLive)]
    [InlineData("max_message_size = 64mb", "max_message_size = 1mb", "max_message_size", ReloadEffect.AppliesLive)]
    [InlineData("max_connections = 40", "max_connections = 50", "max_connections", ReloadEffect.RequiresRestart)]
    [InlineData("metrics = 0", "metrics = 9187", "metrics", ReloadEffect.RequiresRestart)]
    [InlineData("log_type = console", "log_type = file", "log_type", ReloadEffect.RequiresRestart)]
    [InlineData("pipeline = performance", "pipeline = session", "pipeline", ReloadEffect.RequiresRestart)]
    [InlineData("hugepage = try", "hugepage = off", "hugepage", ReloadEffect.RequiresRestart)]
    [InlineData("cluster_host = 127.0.0.1", "cluster_host = 127.0.0.2", "cluster_host", ReloadEffect.RequiresRestart)]
    [InlineData("cluster_port = 4552", "cluster_port = 4553", "cluster_port", ReloadEffect.RequiresRestart)]
    [InlineData("cluster_seed_nodes = a:1", "cluster_seed_nodes = b:1", "cluster_seed_nodes", ReloadEffect.RequiresRestart)]
    [InlineData("cluster_name = a", "cluster_name = b", "cluster_name", ReloadEffect.RequiresRestart)]
    public void Main_key_changes_are_classified_by_the_reload_column(string before, string after, string key, ReloadEffect effect)
    {
        var change = Assert.Single(ConfigurationDiff.Compute(Load(before), Load(after)).Changes);
        Assert.Equal(key, change.Key);
        Assert.Equal(effect, change.Effect);
    }

    private const string ClusterNode = "cluster = on\ncluster_host = 127.0.0.1\ncluster_seed_nodes = 127.0.0.1:4552\npipeline = session\nhealth_check_user = postgres\n";
    private const string TwoServers = TempConfig.PrimaryServer + "\n[replica]\nhost = localhost\nport = 5433\n";

    [Fact]
    public void In_cluster_mode_failover_itself_needs_a_restart_while_the_coordinators_script_keys_apply_live()
    {
        var running = Load(ClusterNode + "failover = on\nfailover_script = /bin/true\n", TwoServers);
        var reloaded = Load(ClusterNode + "failover = off\nfailover_script = /bin/false\n", TwoServers);
        var changes = ConfigurationDiff.Compute(running, reloaded).Changes;
        Assert.Equal(ReloadEffect.RequiresRestart, Assert.Single(changes, c => c.Key == "failover").Effect);
        Assert.Equal(ReloadEffect.AppliesLive, Assert.Single(changes, c => c.Key == "failover_script").Effect);
        // What a reload switches to: the new script, failover kept as it runs.
        var applied = Agroal.Actors.Management.Configuration.RunningValues.KeepRestartOnlyKeys(running, reloaded);
        Assert.True(applied.Main.Failover);
        Assert.Equal("/bin/false", applied.Main.FailoverScript);

        // Standalone, failover stays live (pgagroal's column).
        var standalone = ConfigurationDiff.Compute(Load("pipeline = session\nfailover = on\nfailover_script = /bin/true\n", TwoServers),
            Load("pipeline = session\nfailover = off\nfailover_script = /bin/true\n", TwoServers));
        Assert.Equal(ReloadEffect.AppliesLive, Assert.Single(standalone.Changes).Effect);
    }

    [Fact]
    public void Change_carries_old_and_new_value_in_config_syntax()
    {
        var change = Assert.Single(ConfigurationDiff.Compute(Load("idle_timeout = 1m"), Load("idle_timeout = 2h")).Changes);
        Assert.Equal(("60", "7200"), (change.OldValue, change.NewValue));
    }

    [Fact]
    public void Effective_pipeline_change_requires_restart_even_when_the_key_is_auto()
    {
        var diff = ConfigurationDiff.Compute(Load(""), Load("disconnect_client = 30"));
        Assert.True(diff.RequiresRestart);
        Assert.Contains(diff.Changes, c => c.Key == "pipeline" && c.OldValue == "performance" && c.NewValue == "session");
        Assert.Contains(diff.Changes, c => c.Key == "disconnect_client" && c.Effect == ReloadEffect.AppliesLive);
    }

    [Fact]
    public void Adding_a_server_applies_live_and_removing_one_requires_restart()
    {
        var one = Load("", "\n[a]\nhost = h1\nport = 5432\n");
        var two = Load("", "\n[a]\nhost = h1\nport = 5432\n[b]\nhost = h2\nport = 5432\n");
        Assert.Equal(ReloadEffect.AppliesLive, Assert.Single(ConfigurationDiff.Compute(one, two).Changes).Effect);
        var removal = Assert.Single(ConfigurationDiff.Compute(two, one).Changes);
        Assert.Equal(("server.b", ReloadEffect.RequiresRestart), (removal.Key, removal.Effect));
    }

    [Theory]
    [InlineData("port = 5433", "server.primary.port", ReloadEffect.RequiresRestart)]
    [InlineData("primary = on", "server.primary.primary", ReloadEffect.AppliesLive)]
    [InlineData("tls = on", "server.primary.tls", ReloadEffect.RequiresRestart)]
    public void Server_key_changes_are_classified(string line, string key, ReloadEffect effect)
    {
        var before = Load("", "\n[primary]\nhost = h\nport = 5432\n");
        var after = Load("", "\n[primary]\nhost = h\nport = 5432\n" + line + "\n");
        var change = Assert.Single(ConfigurationDiff.Compute(before, after).Changes);
        Assert.Equal((key, effect), (change.Key, change.Effect));
    }

    [Fact]
    public void Hba_change_applies_live()
    {
        var change = Assert.Single(ConfigurationDiff.Compute(Load(""), Load("", hba: "host all all 10.0.0.0/8 md5\n")).Changes);
        Assert.Equal(("hba", ReloadEffect.AppliesLive), (change.Key, change.Effect));
    }

    [Fact]
    public void Hba_line_numbers_alone_are_not_a_change() =>
        Assert.True(ConfigurationDiff.Compute(Load(""), Load("", hba: "# moved\n" + TempConfig.TrustAll)).IsEmpty);

    [Fact]
    public void Limit_size_change_requires_restart_but_alias_change_applies_live()
    {
        var diff = ConfigurationDiff.Compute(Load("", limits: "db=a1 u 10\n"), Load("", limits: "db=a2 u 20\n"));
        Assert.Contains(diff.Changes, c => c.Key == "limit.db.max_size" && c.Effect == ReloadEffect.RequiresRestart);
        Assert.Contains(diff.Changes, c => c.Key == "limit.db.aliases" && c.Effect == ReloadEffect.AppliesLive && c.NewValue == "a2");
    }

    [Fact]
    public void Added_limit_requires_restart() =>
        Assert.True(ConfigurationDiff.Compute(Load("", limits: "db u 10\n"), Load("", limits: "db u 10\nother u 5\n")).RequiresRestart);
}
