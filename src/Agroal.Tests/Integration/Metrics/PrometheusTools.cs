namespace Agroal.Tests.Integration.Metrics;

/// <summary>Debian's prometheus package binaries. Missing binaries fail the test loudly: CI installs them with scripts/setup.sh.</summary>
public static class PrometheusTools
{
    public static string Promtool => Find("promtool");

    public static string Prometheus => Find("prometheus");

    private static string Find(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail($"'{name}' is not installed: install Debian's prometheus package (apt-get install prometheus; scripts/setup.sh does it)");
        return name;
    }
}
