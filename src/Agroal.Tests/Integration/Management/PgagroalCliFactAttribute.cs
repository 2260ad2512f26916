namespace Agroal.Tests.Integration.Management;

/// <summary>
/// A test that runs the real pgagroal-cli: <c>AGROAL_PGAGROAL_BIN</c> names the directory holding a pgagroal 2.1 (or
/// HEAD) build's <c>pgagroal-cli</c>. Without it the test is reported skipped with the reason; pgagroal's source never
/// enters this repository, so CI has no such build.
/// </summary>
public sealed class PgagroalCliFactAttribute : FactAttribute
{
    public const string Variable = "AGROAL_PGAGROAL_BIN";

    public PgagroalCliFactAttribute()
    {
        if (Binary is null)
        {
            Skip = $"no pgagroal build: set {Variable} to the directory of pgagroal-cli (see README, Management)";
        }
    }

    /// <summary>The pgagroal-cli to run, or null when none is configured.</summary>
    public static string? Binary
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(directory))
            {
                return null;
            }
            var cli = Path.Combine(directory, "pgagroal-cli");
            return File.Exists(cli) ? cli : null;
        }
    }
}
