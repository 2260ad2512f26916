namespace Agroal.Tests.Integration.WebConsole;

/// <summary>Debian's chromium, for the web console's tests (apt-get install chromium; scripts/setup.sh installs it).</summary>
public static class Chromium
{
    public const string MissingReason = "chromium is not installed: apt-get install chromium (Debian's package; scripts/setup.sh installs it)";

    /// <summary>The browser's path, or null when it is not installed.</summary>
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = System.IO.Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
