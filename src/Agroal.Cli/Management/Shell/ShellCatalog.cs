using System.Text.Json.Nodes;
using Agroal.Actors.Management.Configuration;
using Agroal.Actors.Management.Wire;

namespace Agroal.Cli.Management.Shell;

/// <summary>What the shell completes besides command words: servers, databases and keys, from a <c>conf get</c> document.</summary>
internal sealed record ShellCatalog(IReadOnlyList<string> Servers, IReadOnlyList<string> Databases, IReadOnlyList<string> Keys)
{
    public static readonly ShellCatalog Empty = new([], [], []);

    /// <summary>The catalog of a <c>conf get</c> answer, plus the databases of a <c>status details</c> answer (the ones
    /// clients actually use, which a limits file with <c>all</c> does not name).</summary>
    public static ShellCatalog FromConfiguration(JsonObject response, JsonObject? details = null)
    {
        var servers = new List<string>();
        var databases = new SortedSet<string>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var (key, node) in response)
        {
            if (node is JsonValue && key != ManagementKeys.ServerVersion)
            {
                keys.Add(key);
            }
        }
        if (response[ConfigurationDocument.ServerSection] is JsonObject serverSection)
        {
            foreach (var (name, node) in serverSection)
            {
                servers.Add(name);
                AddFields(keys, $"server.{name}.", node);
            }
        }
        if (response[ConfigurationDocument.LimitSection] is JsonObject limits)
        {
            foreach (var (database, node) in limits)
            {
                if (database != "all")
                {
                    databases.Add(database);
                }
                if (node is JsonObject rule && rule["aliases"]?.ToString() is { Length: > 0 } aliases)
                {
                    foreach (var alias in aliases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        databases.Add(alias);
                    }
                }
                AddFields(keys, $"limit.{database}.", node);
            }
        }
        if (details is not null)
        {
            KnownDatabases.AddFromDetails(details, databases);
        }
        return new ShellCatalog(servers, [.. databases], keys);
    }

    private static void AddFields(List<string> keys, string prefix, JsonNode? node)
    {
        if (node is JsonObject fields)
        {
            foreach (var (field, _) in fields)
            {
                keys.Add(prefix + field);
            }
        }
    }
}
