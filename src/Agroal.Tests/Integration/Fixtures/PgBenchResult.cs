namespace Agroal.Tests.Integration.Fixtures;

/// <summary>A pgbench run: exit code, all output, and what was parsed from the summary (null when absent).</summary>
public sealed record PgBenchResult(int ExitCode, string Output, double? Tps, long? FailedTransactions)
{
    public bool Succeeded => ExitCode == 0;
}
