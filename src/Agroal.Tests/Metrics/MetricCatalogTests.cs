using Agroal.Actors.Metrics;

namespace Agroal.Tests.Metrics;

public sealed class MetricCatalogTests
{
    [Theory]
    [InlineData("pgagroal_state", MetricType.Gauge, "")]
    [InlineData("pgagroal_pipeline_mode", MetricType.Gauge, "")]
    [InlineData("pgagroal_server_error", MetricType.Counter, "name,state")]
    [InlineData("pgagroal_failed_servers", MetricType.Gauge, "")]
    [InlineData("pgagroal_logging_info", MetricType.Gauge, "")]
    [InlineData("pgagroal_logging_fatal", MetricType.Gauge, "")]
    [InlineData("pgagroal_wait_time", MetricType.Gauge, "")]
    [InlineData("pgagroal_query_count", MetricType.Counter, "")]
    [InlineData("pgagroal_tx_count", MetricType.Counter, "")]
    [InlineData("pgagroal_active_connections", MetricType.Gauge, "")]
    [InlineData("pgagroal_total_connections", MetricType.Gauge, "")]
    [InlineData("pgagroal_max_connections", MetricType.Counter, "")]
    [InlineData("pgagroal_connection", MetricType.Gauge, "id,user,database,application_name,state")]
    [InlineData("pgagroal_limit", MetricType.Gauge, "user,database,type")]
    [InlineData("pgagroal_limit_awaiting", MetricType.Gauge, "user,database")]
    [InlineData("pgagroal_connection_awaiting", MetricType.Gauge, "")]
    [InlineData("pgagroal_session_time_seconds", MetricType.Histogram, "")]
    [InlineData("pgagroal_connection_error", MetricType.Counter, "")]
    [InlineData("pgagroal_connection_max_connection_age", MetricType.Counter, "")]
    [InlineData("pgagroal_connection_success", MetricType.Counter, "")]
    [InlineData("pgagroal_auth_user_bad_password", MetricType.Counter, "")]
    [InlineData("pgagroal_client_wait", MetricType.Gauge, "")]
    [InlineData("pgagroal_client_active", MetricType.Gauge, "")]
    [InlineData("pgagroal_network_sent", MetricType.Gauge, "")]
    [InlineData("pgagroal_network_received", MetricType.Gauge, "")]
    [InlineData("pgagroal_client_sockets", MetricType.Gauge, "")]
    [InlineData("pgagroal_self_sockets", MetricType.Gauge, "")]
    [InlineData("pgagroal_os_info", MetricType.Gauge, "os,major,minor,patch")]
    public void Pgagroal_families_keep_pgagroals_name_type_and_labels(string name, MetricType type, string labels)
    {
        var metric = Assert.Single(MetricCatalog.All, m => m.Name == name);
        Assert.Equal(type, metric.Type);
        Assert.Equal(labels, string.Join(',', metric.Labels));
        Assert.True(metric.PgagroalCompatible);
    }

    [Fact]
    public void Family_names_are_unique_and_extensions_are_prefixed_agroal()
    {
        var names = new HashSet<string>();
        foreach (var metric in MetricCatalog.All)
        {
            Assert.True(names.Add(metric.Name), metric.Name);
            Assert.StartsWith(metric.PgagroalCompatible ? "pgagroal_" : "agroal_", metric.Name);
        }
    }

    [Fact]
    public void Series_names_include_the_histogram_suffixes()
    {
        Assert.Contains("pgagroal_session_time_seconds_bucket", MetricCatalog.SeriesNames);
        Assert.Contains("agroal_query_duration_seconds_count", MetricCatalog.SeriesNames);
        Assert.DoesNotContain("pgagroal_state_bucket", MetricCatalog.SeriesNames);
    }
}
