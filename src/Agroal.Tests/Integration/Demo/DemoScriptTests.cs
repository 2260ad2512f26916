using System.Globalization;
using System.Text.RegularExpressions;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Integration.Demo;

/// <summary>
/// <c>scripts/demo.sh</c> as a new user meets it: started, waited for, its printed lines pasted into a shell
/// (psql, pgbench, agroal-cli locally and remotely, the shell, the metrics URL), a password-less login tried, stopped.
/// </summary>
public sealed partial class DemoScriptTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_demo_serves_every_printed_line_refuses_password_less_logins_and_removes_everything_on_SIGTERM()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-demo-test");
        var readyFile = directory.Combine("ready.txt");
        await using var demo = DemoProcess.Start(RepositoryRoot(), readyFile);

        var lines = await demo.WaitForReadyAsync(readyFile, StartTimeout);
        var work = Match(lines, DemoDirectory());
        var path = Match(lines, PathExport());
        Assert.True(Directory.Exists(work), lines);

        // Connect through agroal: the first psql and pgbench lines, exactly as printed (shortened runs).
        var psqlLine = Line(lines, "psql ");
        var psql = await BashAsync($"{psqlLine} -AtX -c 'SELECT count(*) FROM pgbench_accounts'", path);
        Assert.True(psql.Succeeded, psql.Output);
        Assert.Equal("100000", psql.Stdout.Trim());
        var pgbench = await BashAsync(Line(lines, "pgbench ").Replace("-T 10", "-T 2", StringComparison.Ordinal), path);
        Assert.True(pgbench.Succeeded, pgbench.Output);

        // Every agroal-cli line, local and remote; the shell gets two typed commands.
        var cliLines = lines.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("agroal-cli ", StringComparison.Ordinal)).ToList();
        Assert.Contains(cliLines, l => l.EndsWith(" status", StringComparison.Ordinal));
        Assert.Contains(cliLines, l => l.Contains(" -h 127.0.0.1 ", StringComparison.Ordinal) && l.Contains(" -U admin ", StringComparison.Ordinal));
        Assert.Contains(cliLines, l => l.Contains(" flush ", StringComparison.Ordinal));
        foreach (var cliLine in cliLines)
        {
            var command = cliLine.EndsWith(" shell", StringComparison.Ordinal) ? $"printf 'status\\nexit\\n' | {cliLine}" : cliLine;
            var run = await BashAsync(command, path);
            Assert.True(run.Succeeded, $"{cliLine}\n{run.Output}");
            Assert.False(string.IsNullOrWhiteSpace(run.Stdout), $"{cliLine} printed nothing");
            if (cliLine.Contains("status", StringComparison.Ordinal) || cliLine.EndsWith(" shell", StringComparison.Ordinal))
            {
                Assert.Contains("Running", run.Stdout, StringComparison.Ordinal);
            }
        }
        var fullCommand = Match(lines, FullCliCommand());
        var full = await BashAsync(fullCommand, path: null);
        Assert.True(full.Succeeded, $"{fullCommand}\n{full.Output}");

        // The metrics page and the exposition at the printed URL.
        using (var http = new HttpClient { Timeout = CommandTimeout })
        {
            var metricsUrl = Match(lines, MetricsUrl());
            var metrics = await http.GetStringAsync(new Uri(metricsUrl));
            Assert.Contains("pgagroal_state", metrics, StringComparison.Ordinal);
        }

        // No login without a password: not the superuser, not the demo user, not through agroal, not to PostgreSQL.
        var agroalPort = int.Parse(Match(lines, AgroalPort()), CultureInfo.InvariantCulture);
        var postgresPort = int.Parse(Match(lines, PostgresPort()), CultureInfo.InvariantCulture);
        foreach (var (port, user) in new[] { (agroalPort, "postgres"), (agroalPort, "demo"), (postgresPort, "postgres"), (postgresPort, "demo") })
        {
            var refused = await Psql.RunAsync("127.0.0.1", port, user, password: null, "demo", "SELECT 1", CommandTimeout);
            Assert.False(refused.Succeeded, $"{user} logged in to port {port} without a password: {refused.Output}");
            Assert.Contains("password", refused.Stderr, StringComparison.OrdinalIgnoreCase);
        }

        // As root the pooler runs as postgres, as PostgreSQL does.
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Contains("running as postgres", lines, StringComparison.Ordinal);
        }

        var exit = await demo.StopAsync(TimeSpan.FromMinutes(1));
        Assert.True(exit is 0 or 143, $"demo exited with {exit}:\n{demo.Output}");
        Assert.Contains("everything it started is stopped", demo.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(work), $"{work} is still there");
    }

    private static string Line(string lines, string contains) =>
        lines.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("PGPASSWORD=", StringComparison.Ordinal) && l.Contains(contains, StringComparison.Ordinal));

    private static string Match(string lines, Regex pattern)
    {
        var match = pattern.Match(lines);
        Assert.True(match.Success, $"no match for {pattern} in:\n{lines}");
        return match.Groups[1].Value;
    }

    private static Task<ProcessResult> BashAsync(string command, string? path)
    {
        var script = path is null ? command : $"export PATH={path}:$PATH\n{command}";
        return ProcessRunner.RunAsync("bash", ["-c", script], new Dictionary<string, string> { ["PGCONNECT_TIMEOUT"] = "15", ["PGPASSFILE"] = "/dev/null" }, CommandTimeout);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Agroal.Actors.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"remove (/tmp/agroal-demo\.\w+)\.")]
    private static partial Regex DemoDirectory();

    [GeneratedRegex(@"export PATH=(\S+):\$PATH")]
    private static partial Regex PathExport();

    [GeneratedRegex(@"without the PATH line: (.+ status)\)")]
    private static partial Regex FullCliCommand();

    [GeneratedRegex(@"(http://127\.0\.0\.1:\d+/metrics)")]
    private static partial Regex MetricsUrl();

    [GeneratedRegex(@"serving on 127\.0\.0\.1:(\d+)")]
    private static partial Regex AgroalPort();

    [GeneratedRegex(@"PostgreSQL 15 on 127\.0\.0\.1:(\d+)")]
    private static partial Regex PostgresPort();
}
