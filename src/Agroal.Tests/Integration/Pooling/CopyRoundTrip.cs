using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>COPY through the pooler both ways: binary rows in, text lines out.</summary>
public static class CopyRoundTrip
{
    /// <returns>How many lines COPY TO STDOUT gave back for the <paramref name="rows"/> rows written.</returns>
    public static async Task<int> RunAsync(NpgsqlConnection connection, string table, int rows)
    {
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {table} (id, name) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < rows; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(i);
                await writer.WriteAsync("row " + i);
            }
            await writer.CompleteAsync();
        }
        var lines = 0;
        using (var reader = await connection.BeginTextExportAsync($"COPY {table} TO STDOUT"))
        {
            while (await reader.ReadLineAsync() is not null)
            {
                lines++;
            }
        }
        return lines;
    }
}
