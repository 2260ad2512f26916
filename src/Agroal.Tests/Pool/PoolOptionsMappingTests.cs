using Agroal.Actors.Configuration;
using Agroal.Actors.Hosting;
using Agroal.Actors.Security.Credentials;

namespace Agroal.Tests.Pool;

public sealed class PoolOptionsMappingTests
{
    private static AgroalConfiguration Configuration(MainSettings main, params LimitRule[] rules) =>
        new(main, [new ServerSettings { Name = "a", Host = "127.0.0.1", Port = 5432, Primary = true }], HbaTable.Empty,
            new LimitTable(rules), new ConfigurationPaths("/x/pgagroal.conf", "/x/pgagroal_hba.conf"), []);

    private static MainSettings DefaultMain() => new() { Host = "127.0.0.1", Port = 2345, UnixSocketDir = "/tmp" };

    [Fact]
    public void Maintenance_health_check_failover_and_disconnect_client_keys_reach_the_pool_options()
    {
        var main = DefaultMain() with
        {
            IdleTimeout = TimeSpan.FromSeconds(600), MaxConnectionAge = TimeSpan.FromSeconds(3600), Validation = ValidationMode.Background,
            BackgroundInterval = TimeSpan.FromSeconds(60), FlushTimeout = TimeSpan.FromSeconds(7), HealthCheck = true,
            HealthCheckPeriod = TimeSpan.FromSeconds(11), HealthCheckTimeout = TimeSpan.FromSeconds(3), HealthCheckUser = "probe",
            Failover = true, FailoverScript = "/bin/true", FailoverNotifyScript = "/bin/echo", FailoverScriptTimeout = TimeSpan.FromSeconds(9),
            DisconnectClient = TimeSpan.FromSeconds(30), DisconnectClientForce = true,
        };
        var options = ServerSettingsMapper.ToPoolOptions(Configuration(main), new CredentialStore(new Dictionary<string, string>(), new Dictionary<string, string>()));
        Assert.Equal((TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(3600), ValidationMode.Background, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(7)),
            (options.IdleTimeout, options.MaxConnectionAge, options.Validation, options.BackgroundInterval, options.FlushTimeout));
        Assert.Equal((true, TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(3), "probe"),
            (options.HealthCheck, options.HealthCheckPeriod, options.HealthCheckTimeout, options.HealthCheckUser));
        Assert.Equal((true, "/bin/true", "/bin/echo", TimeSpan.FromSeconds(9)),
            (options.Failover, options.FailoverScript, options.FailoverNotifyScript, options.FailoverScriptTimeout));
        Assert.Equal((TimeSpan.FromSeconds(30), true), (options.DisconnectClient, options.DisconnectClientForce));
    }

    [Fact]
    public void Only_rules_with_a_concrete_user_and_database_whose_user_has_a_password_are_prefilled()
    {
        var rules = new[]
        {
            new LimitRule("sales", [], "alice", 10, 4, 2, 1),
            new LimitRule("sales", [], "bob", 10, 4, 2, 2),
            new LimitRule("all", [], "alice", 10, 4, 2, 3),
            new LimitRule("hr", [], "alice", 10, 0, 0, 4),
        };
        var credentials = new CredentialStore(new Dictionary<string, string> { ["alice"] = "secret" }, new Dictionary<string, string>());

        var prefill = ServerSettingsMapper.ToPoolOptions(Configuration(DefaultMain(), rules), credentials).Prefill;

        var only = Assert.Single(prefill);
        Assert.Equal(("alice", "sales", 0, 4, 2), (only.Key.User, only.Key.Database, only.Limit.RuleIndex, only.InitialSize, only.MinSize));
    }
}
