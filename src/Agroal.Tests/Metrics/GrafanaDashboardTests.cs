using System.Text.Json;
using System.Text.RegularExpressions;
using Agroal.Actors.Metrics;

namespace Agroal.Tests.Metrics;

public sealed partial class GrafanaDashboardTests
{
    private static readonly string GrafanaDirectory = Path.Combine(RepositoryRoot(), "docker", "grafana");

    [GeneratedRegex(@"\b(?:pg)?agroal_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    public static TheoryData<string> Dashboards => new() { "agroal-overview.json", "agroal-pool-details.json", "agroal-performance.json", "agroal-cluster.json" };

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_metric_a_dashboard_queries_is_one_the_pooler_exports(string file)
    {
        var expressions = Expressions(Path.Combine(GrafanaDirectory, "dashboards", file));
        Assert.NotEmpty(expressions);
        var unknown = new List<string>();
        foreach (var expression in expressions)
        {
            foreach (Match match in MetricName().Matches(expression))
            {
                if (!MetricCatalog.SeriesNames.Contains(match.Value))
                {
                    unknown.Add($"{match.Value} in {expression}");
                }
            }
        }
        Assert.Empty(unknown);
    }

    [GeneratedRegex(@"\b(?:dotnet|process|system_runtime)_[a-z0-9_]+\b")]
    private static partial Regex RuntimeMetricName();

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_runtime_figure_a_dashboard_queries_is_in_a_real_exposition(string file)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var runtime = RuntimeFigures.Register(registry);
        using var body = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(body);
        var exposition = System.Text.Encoding.UTF8.GetString(body.ToArray());
        var unknown = new List<string>();
        foreach (var expression in Expressions(Path.Combine(GrafanaDirectory, "dashboards", file)))
        {
            foreach (Match match in RuntimeMetricName().Matches(expression))
            {
                if (!exposition.Contains($"# TYPE {match.Value} ", StringComparison.Ordinal))
                {
                    unknown.Add($"{match.Value} in {expression}");
                }
            }
        }
        Assert.Empty(unknown);
    }

    [Fact]
    public void The_dashboards_folder_holds_exactly_the_provisioned_dashboards()
    {
        var files = Directory.GetFiles(Path.Combine(GrafanaDirectory, "dashboards"), "*.json").Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(["agroal-cluster.json", "agroal-overview.json", "agroal-performance.json", "agroal-pool-details.json"], files);
        var provisioning = File.ReadAllText(Path.Combine(GrafanaDirectory, "provisioning", "dashboards", "agroal.yml"));
        Assert.Contains("path: /var/lib/grafana/dashboards", provisioning);
    }

    [Fact]
    public void The_cluster_dashboard_shows_every_cluster_family()
    {
        var expressions = string.Join("\n", Expressions(Path.Combine(GrafanaDirectory, "dashboards", "agroal-cluster.json")));
        var missing = MetricCatalog.All.Where(m => m.Name.StartsWith("agroal_cluster_", StringComparison.Ordinal))
            .Where(m => !MetricName().Matches(expressions).Any(match => match.Value == m.Name)).Select(m => m.Name).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void The_metric_name_check_catches_a_name_the_pooler_does_not_export()
    {
        var matches = MetricName().Matches("rate(pgagroal_connection_get[5m]) + pgagroal_no_such_metric");
        Assert.Contains(matches, m => !MetricCatalog.SeriesNames.Contains(m.Value));
    }

    private static List<string> Expressions(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var found = new List<string>();
        Collect(document.RootElement, found);
        return found;
    }

    private static void Collect(JsonElement element, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        found.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, found);
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found);
                }
                break;
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agroal.Actors.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Agroal.Actors.sln not found above " + AppContext.BaseDirectory);
    }
}
