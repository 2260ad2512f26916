using Npgsql;

namespace Agroal.Tests.Integration.Fixtures;

public sealed partial class PostgresServer
{
    /// <summary>TCP connection string (SCRAM), defaulting to the <c>agroal</c> role and database.</summary>
    public string ConnectionString(string? user = null, string? password = null, string? database = null) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = user ?? User,
            Password = password ?? (user is null ? Password : null),
            Database = database ?? Database,
            Pooling = false,
            Timeout = 15,
        }.ConnectionString;

    /// <summary>Superuser connection over the Unix socket (trust), for set-up and inspection.</summary>
    public string SuperuserConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = SocketDirectory,
            Port = Port,
            Username = Superuser,
            Database = database,
            Pooling = false,
            Timeout = 15,
        }.ConnectionString;

    /// <summary>Runs <paramref name="sql"/> as superuser and returns the first column of the first row as text ("" when none).</summary>
    public async Task<string> ExecuteScalarAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString(database));
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return value is null or DBNull ? "" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>Creates a login role whose password is stored as SCRAM-SHA-256, or MD5 when asked.</summary>
    public async Task CreateRoleAsync(string name, string password, bool superuser = false, bool md5 = false)
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        var sql = $"SET password_encryption = '{(md5 ? "md5" : "scram-sha-256")}'; " +
                  $"CREATE ROLE {QuoteIdentifier(name)} LOGIN {(superuser ? "SUPERUSER" : "")} PASSWORD {QuoteLiteral(password)}";
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async Task CreateDatabaseAsync(string name, string owner)
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"CREATE DATABASE {QuoteIdentifier(name)} OWNER {QuoteIdentifier(owner)}", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Client backends connected, optionally only those of one database and/or user; the asking connection is not counted.</summary>
    public async Task<int> CountBackendsAsync(string? database = null, string? user = null)
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*)::int FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
              AND ($1::text IS NULL OR datname = $1) AND ($2::text IS NULL OR usename = $2)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)database ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)user ?? DBNull.Value });
        return (int)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static string QuoteLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
