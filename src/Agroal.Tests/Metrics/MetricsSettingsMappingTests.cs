using Agroal.Actors.Configuration;
using Agroal.Actors.Hosting;

namespace Agroal.Tests.Metrics;

public sealed class MetricsSettingsMappingTests
{
    private static AgroalConfiguration Configuration(MainSettings main, LimitTable? limits = null) =>
        new(main, [], new HbaTable([]), limits ?? LimitTable.Empty, new ConfigurationPaths("/etc/pgagroal/pgagroal.conf", "/etc/pgagroal/pgagroal_hba.conf"), []);

    [Fact]
    public void Metrics_zero_leaves_the_endpoint_off()
    {
        Assert.Null(ServerSettingsMapper.ToMetricsSettings(Configuration(new MainSettings { Host = "*", Metrics = 0 })));
    }

    [Fact]
    public void Metrics_keys_map_to_the_endpoint_settings()
    {
        var limits = new LimitTable([new LimitRule("shop", [], "alice", 5, 1, 0, 1)]);
        var settings = ServerSettingsMapper.ToMetricsSettings(Configuration(new MainSettings
        {
            Host = "*",
            Metrics = 2346,
            MetricsCacheMaxAge = TimeSpan.FromSeconds(30),
            MetricsCacheMaxSize = 4096,
            MetricsCertFile = "/etc/pgagroal/metrics.crt",
            MetricsKeyFile = "/etc/pgagroal/metrics.key",
        }, limits));

        Assert.NotNull(settings);
        Assert.Equal("*", settings.Host);
        Assert.Equal(2346, settings.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.CacheMaxAge);
        Assert.Equal(4096, settings.CacheMaxSize);
        Assert.True(settings.UsesTls);
        Assert.Same(limits, settings.Limits);
    }

    [Fact]
    public void A_certificate_without_a_key_does_not_turn_https_on()
    {
        var settings = ServerSettingsMapper.ToMetricsSettings(Configuration(new MainSettings
        {
            Host = "localhost",
            Metrics = 2346,
            MetricsCertFile = "/etc/pgagroal/metrics.crt",
        }));
        Assert.False(settings!.UsesTls);
    }
}
