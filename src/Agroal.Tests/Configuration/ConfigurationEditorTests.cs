using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class ConfigurationEditorTests
{
    private static AgroalConfiguration Load(string keys = "", string? limits = null, string hba = TempConfig.TrustAll)
    {
        using var config = TempConfig.WithMainKeys(keys, "\n[primary]\nhost = localhost\nport = 5432\nprimary = on\n[replica]\nhost = r\nport = 5432\n", hba);
        if (limits is not null)
        {
            config.Limits(limits);
        }

        return config.LoadValid();
    }

    private static string Get(AgroalConfiguration c, string key)
    {
        Assert.True(ConfigurationReader.TryGet(c, key, out var value), value);
        return value;
    }

    private static AgroalConfiguration Set(AgroalConfiguration c, string key, string value)
    {
        Assert.True(ConfigurationEditor.TrySet(c, key, value, out var updated, out var error), error);
        return updated;
    }

    [Theory]
    [InlineData("log_connections", "on")]
    [InlineData("pgagroal.log_connections", "off")]
    [InlineData("log_level", "info")]
    [InlineData("blocking_timeout", "30")]
    [InlineData("idle_timeout", "0")]
    [InlineData("pipeline", "auto")]
    [InlineData("max_message_size", "67108864")]
    [InlineData("connection_retry_delay", "250")]
    [InlineData("pidfile", "/tmp/pgagroal.2345.pid")]
    [InlineData("backlog", "25")]
    [InlineData("server_reset_query", "DISCARD ALL")]
    public void Get_prints_values_in_config_syntax(string key, string expected)
    {
        var c = Load("log_connections = yes");
        Assert.Equal(expected, Get(key == "pgagroal.log_connections" ? Load() : c, key));
    }

    [Theory]
    [InlineData("server.primary.host", "localhost")]
    [InlineData("server.primary.port", "5432")]
    [InlineData("server.replica.primary", "off")]
    [InlineData("server.replica.channel_binding", "prefer")]
    public void Get_reads_server_keys(string key, string expected) => Assert.Equal(expected, Get(Load(), key));

    [Theory]
    [InlineData("limit.shop.database", "shop")]
    [InlineData("limit.shop.username", "u")]
    [InlineData("limit.shop.max_size", "10")]
    [InlineData("limit.shop.initial_size", "0")]
    [InlineData("limit.shop.min_size", "0")]
    [InlineData("limit.shop.aliases", "s1,s2")]
    [InlineData("hba.bob.type", "hostssl")]
    [InlineData("hba.bob.database", "db")]
    [InlineData("hba.bob.username", "bob")]
    [InlineData("hba.bob.address", "10.0.0.0/8")]
    [InlineData("hba.bob.method", "scram-sha-256")]
    public void Get_reads_limit_and_hba_keys_from_the_first_entry(string key, string expected) =>
        Assert.Equal(expected, Get(Load(limits: "shop=s1,s2 u 10\nshop v 5\n", hba: "hostssl db bob 10.0.0.0/8 scram-sha-256\nhost all bob all md5\nhost all all all trust\n"), key));

    [Theory]
    [InlineData("no_such_key")]
    [InlineData("server.nope.host")]
    [InlineData("server.primary.weight")]
    [InlineData("limit.nope.max_size")]
    [InlineData("hba.nobody.method")]
    [InlineData("other.x.y")]
    [InlineData("pgagroal.")]
    public void Get_unknown_key_fails(string key) => Assert.False(ConfigurationReader.TryGet(Load(), key, out _));

    [Theory]
    [InlineData("log_level", "debug3")]
    [InlineData("pgagroal.idle_timeout", "600")]
    [InlineData("blocking_timeout", "0")]
    [InlineData("log_connections", "on")]
    [InlineData("max_connections", "42")]
    [InlineData("validation", "background")]
    [InlineData("server_reset_query", "RESET ALL")]
    [InlineData("server.replica.port", "5433")]
    [InlineData("server.replica.channel_binding", "disabled")]
    [InlineData("max_prepared_statements", "0")]
    public void Set_then_get_round_trips(string key, string value) =>
        Assert.Equal(value, Get(Set(Load(), key, value), key));

    [Fact]
    public void Set_accepts_units_and_get_prints_seconds() =>
        Assert.Equal("7200", Get(Set(Load(), "idle_timeout", "2h"), "idle_timeout"));

    [Fact]
    public void Set_leaves_the_current_snapshot_untouched()
    {
        var current = Load();
        _ = Set(current, "max_connections", "42");
        Assert.Equal(100, current.Main.MaxConnections);
    }

    [Theory]
    [InlineData("max_connections", "abc", "max_connections: \"abc\" is not an integer")]
    [InlineData("idle_timeout", "1m30s", "is not a duration")]
    [InlineData("nope", "1", "unknown key")]
    [InlineData("server.nope.port", "1", "unknown server")]
    [InlineData("server.primary.port", "0", "out of range")]
    [InlineData("tls", "on", "tls: needs tls_cert_file and tls_key_file")]
    [InlineData("server.replica.primary", "on", "more than one server is marked primary")]
    [InlineData("server.replica.host", "localhost", "duplicate server [primary]")]
    [InlineData("hba.bob.address", "10.0.0.1", "needs a prefix length")]
    [InlineData("limit.shop.max_size", "0", "is not an integer >= 1")]
    [InlineData("limit.shop.max_size", "200", "exceeds max_connections")]
    [InlineData("limit.shop.aliases", "other", "is also a database name")]
    public void Set_rejects_invalid_values_and_rule_violations(string key, string value, string reason)
    {
        var current = Load("", "shop u 10\nother u 5\n", "host db bob 10.0.0.0/8 md5\nhost all all all trust\n");
        Assert.False(ConfigurationEditor.TrySet(current, key, value, out var updated, out var error));
        Assert.Same(current, updated);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_hba_fields_changes_the_first_entry_of_the_user()
    {
        var current = Load(hba: "host db bob 10.0.0.0/8 md5\nhost all bob all trust\n");
        var updated = Set(Set(current, "hba.bob.method", "scram-sha-256"), "hba.bob.type", "hostssl");
        Assert.Equal(HbaMethod.ScramSha256, updated.Hba.Entries[0].Method);
        Assert.Equal(HbaConnectionType.HostSsl, updated.Hba.Entries[0].Type);
        Assert.Equal(HbaMethod.Trust, updated.Hba.Entries[1].Method);
    }

    [Fact]
    public void Set_limit_sizes_applies_auto_adjustment()
    {
        var updated = Set(Load(limits: "shop all 10\n"), "limit.shop.min_size", "20");
        Assert.Equal("10", Get(updated, "limit.shop.min_size"));
    }

    [Fact]
    public void Set_result_feeds_the_diff()
    {
        var current = Load();
        var diff = ConfigurationDiff.Compute(current, Set(current, "max_connections", "42"));
        Assert.True(diff.RequiresRestart);
        Assert.False(ConfigurationDiff.Compute(current, Set(current, "log_level", "debug1")).RequiresRestart);
    }

    [Fact]
    public void Every_main_key_round_trips_its_own_value()
    {
        var current = Load();
        foreach (var key in Actors.Configuration.Parsing.MainKeys.All)
        {
            var value = Get(current, key.Name);
            Assert.True(ConfigurationEditor.TrySet(current, key.Name, value, out var updated, out var error), $"{key.Name}={value}: {error}");
            Assert.Equal(value, Get(updated, key.Name));
        }
    }
}
