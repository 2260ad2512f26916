using System.Text.Json.Nodes;
using Agroal.Actors.Management.Configuration;
using Agroal.Actors.Management.Wire;

namespace Agroal.Cli.Management;

/// <summary>
/// The database names a running pooler knows: the limits file's databases and aliases (from <c>conf get</c>) and the
/// databases of its slots, limits and disabled list (from <c>status details</c>), which are the ones clients use.
/// Used to refuse a misspelt name in flush/enable/disable and to complete names in the shell.
/// </summary>
internal static class KnownDatabases
{
    /// <summary>True for the spellings of "every database": nothing, <c>all</c> or <c>*</c>.</summary>
    public static bool IsEveryDatabase(string? database) => database is null or "all" or "*";

    /// <summary>Null with <paramref name="error"/> when the pooler cannot be asked.</summary>
    public static SortedSet<string>? Fetch(ManagementInvocation invocation, out string error)
    {
        error = "";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var configuration = Response(invocation, ManagementCommandId.ConfigGet, out error);
        if (configuration is null)
        {
            return null;
        }
        AddFromConfiguration(configuration, names);
        var details = Response(invocation, ManagementCommandId.Details, out error);
        if (details is null)
        {
            return null;
        }
        AddFromDetails(details, names);
        return names;
    }

    public static void AddFromConfiguration(JsonObject response, ISet<string> names)
    {
        if (response[ConfigurationDocument.LimitSection] is not JsonObject limits)
        {
            return;
        }
        foreach (var (database, node) in limits)
        {
            Add(names, database);
            if (node is JsonObject rule && rule["aliases"]?.ToString() is { Length: > 0 } aliases)
            {
                foreach (var alias in aliases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Add(names, alias);
                }
            }
        }
    }

    public static void AddFromDetails(JsonObject response, ISet<string> names)
    {
        foreach (var list in new[] { ManagementKeys.Connections, ManagementKeys.Limits, ManagementKeys.Databases })
        {
            if (response[list] is not JsonArray entries)
            {
                continue;
            }
            foreach (var entry in entries)
            {
                if (entry is JsonObject item && item[ManagementKeys.Database]?.ToString() is { Length: > 0 } database)
                {
                    Add(names, database);
                }
            }
        }
    }

    /// <summary>The one-line refusal, with the closest known name when there is one.</summary>
    public static string Unknown(string database, IReadOnlyCollection<string> known)
    {
        var suggestion = Suggestions.Closest(database, known);
        var hint = suggestion is null ? "" : $" Did you mean {suggestion}?";
        var list = known.Count == 0 ? "none yet" : string.Join(", ", known);
        return $"no database \"{database}\" is known to the pooler (known: {list}); use all or * for every database.{hint}";
    }

    private static void Add(ISet<string> names, string database)
    {
        if (!IsEveryDatabase(database))
        {
            names.Add(database);
        }
    }

    private static JsonObject? Response(ManagementInvocation invocation, ManagementCommandId command, out string error)
    {
        error = "";
        var reply = ManagementCommandRunner.Send(invocation, ManagementDocument.CreateRequest(command, ManagementDocument.OutputJson));
        if (reply.Document is not { } document)
        {
            error = reply.Error ?? "no answer";
            return null;
        }
        if (!ManagementDocument.IsSuccess(document, out var code))
        {
            error = $"error {code}: {ManagementErrorCode.Describe(code)}";
            return null;
        }
        return document[ManagementKeys.Response] as JsonObject ?? [];
    }
}
