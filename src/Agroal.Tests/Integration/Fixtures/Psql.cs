using System.Globalization;

namespace Agroal.Tests.Integration.Fixtures;

/// <summary>Runs psql as a real client (e.g. against the pooler).</summary>
public static class Psql
{
    /// <summary>Runs one SQL string with <c>-AtX -v ON_ERROR_STOP=1</c>; <paramref name="host"/> may be a socket directory.</summary>
    public static Task<ProcessResult> RunAsync(
        string host, int port, string user, string? password, string database, string sql, TimeSpan timeout) =>
        ProcessRunner.RunAsync(
            FindTool("psql"),
            ["-AtX", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture),
             "-U", user, "-d", database, "-c", sql],
            ClientEnvironment(password),
            timeout);

    internal static Dictionary<string, string> ClientEnvironment(string? password)
    {
        var env = new Dictionary<string, string> { ["PGCONNECT_TIMEOUT"] = "15", ["PGSSLMODE"] = "disable" };
        if (password is not null)
        {
            env["PGPASSWORD"] = password;
        }
        return env;
    }

    /// <summary>The PostgreSQL 15 copy of a client tool, else the one on the PATH.</summary>
    internal static string FindTool(string name)
    {
        var versioned = Path.Combine(PostgresServer.DefaultBinDirectory, name);
        return File.Exists(versioned) ? versioned : name;
    }
}
