using System.Globalization;
using System.Text.RegularExpressions;

namespace Agroal.Tests.Integration.Fixtures;

/// <summary>Runs pgbench as a real client and reads its summary.</summary>
public static partial class PgBench
{
    public static async Task<PgBenchResult> RunAsync(
        string host, int port, string user, string? password, string database, string[] extraArgs, TimeSpan timeout)
    {
        var args = new List<string>
        {
            "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-U", user,
        };
        args.AddRange(extraArgs);
        args.Add(database);
        var result = await ProcessRunner.RunAsync(
            Psql.FindTool("pgbench"), args, Psql.ClientEnvironment(password), timeout).ConfigureAwait(false);
        return Parse(result.ExitCode, result.Output);
    }

    /// <summary>Reads "tps = N (without initial connection time)" and "number of failed transactions: N".</summary>
    public static PgBenchResult Parse(int exitCode, string output)
    {
        double? tps = null;
        var tpsMatch = TpsLine().Match(output);
        if (tpsMatch.Success)
        {
            tps = double.Parse(tpsMatch.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        long? failed = null;
        var failedMatch = FailedLine().Match(output);
        if (failedMatch.Success)
        {
            failed = long.Parse(failedMatch.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return new PgBenchResult(exitCode, output, tps, failed);
    }

    [GeneratedRegex(@"^tps = ([0-9]+(?:\.[0-9]+)?) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"^number of failed transactions: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex FailedLine();
}
