namespace Agroal.Tests.Integration.Fixtures;

/// <summary>
/// Where the tests' PostgreSQL clusters live: <c>/tmp/agroal-pg-*</c>, and under a run's own prefix when the runner
/// names the run (<c>AGROAL_TEST_RUN</c>, set by scripts/run-tests.sh). The runner's clean-up then kills only its own
/// clusters; with the bare prefix it also took those of another test run going on at the same time.
/// </summary>
public static class PostgresDirectories
{
    public static string Prefix { get; } = Environment.GetEnvironmentVariable("AGROAL_TEST_RUN") is { Length: > 0 } run
        && run.All(char.IsAsciiLetterOrDigit)
        ? $"/tmp/agroal-pg-{run}"
        : "/tmp/agroal-pg";
}
