using System.Globalization;
using System.Text.Json.Nodes;
using Agroal.Actors.Management.Configuration;
using Agroal.Actors.Management.Wire;

namespace Agroal.Cli.Management;

/// <summary>How each command's Response reads as text. The JSON form (-F json) is the pgagroal document itself.</summary>
internal static class TextPrinters
{
    public static int Nothing(TextOutput output, JsonObject response) => ExitCodes.Ok;

    public static Func<TextOutput, JsonObject, int> Message(string text) => (output, _) =>
    {
        output.Line(text);
        return ExitCodes.Ok;
    };

    public static int Status(TextOutput output, JsonObject response)
    {
        output.Line($"Status:              {Text(response, ManagementKeys.Status)}");
        output.Line($"Active connections:  {Text(response, ManagementKeys.ActiveConnections)}");
        output.Line($"Total connections:   {Text(response, ManagementKeys.TotalConnections)}");
        output.Line($"Max connections:     {Text(response, ManagementKeys.MaxConnections)}");
        output.Table("Servers", ["Server", "Host", "Port", "State", "Health", "Version"],
            Rows(response[ManagementKeys.Servers], ManagementKeys.Server, ManagementKeys.Host, ManagementKeys.Port, ManagementKeys.State,
                ManagementKeys.Health, ManagementKeys.MajorVersion));
        return ExitCodes.Ok;
    }

    public static int ClusterMembers(TextOutput output, JsonObject response)
    {
        output.Line($"This node:           {Text(response, ManagementKeys.Self)} ({Text(response, ManagementKeys.Status)})");
        output.Line($"Leader:              {Or(Text(response, ManagementKeys.Leader), "(none)")}");
        output.Line($"Coordinator runs on: {Or(Text(response, ManagementKeys.Coordinator), "(no Up member)")}");
        var rows = new List<IReadOnlyList<string>>();
        if (response[ManagementKeys.Members] is JsonArray members)
        {
            foreach (var node in members)
            {
                if (node is JsonObject member)
                {
                    var marks = new List<string>();
                    if (Text(member, ManagementKeys.Leader) == "true")
                    {
                        marks.Add("leader");
                    }
                    if (Text(member, ManagementKeys.Coordinator) == "true")
                    {
                        marks.Add("coordinator");
                    }
                    rows.Add([Text(member, ManagementKeys.Address), Text(member, ManagementKeys.Status), Or(Text(member, ManagementKeys.Roles), "-"),
                        Text(member, ManagementKeys.Reachable) == "true" ? "reachable" : "UNREACHABLE", string.Join(",", marks)]);
                }
            }
        }
        output.Table("Members", ["Address", "Status", "Roles", "Reachability", ""], rows);
        // max_connections, then each limits rule (database/user): the cluster's budget and what this node may hold of it.
        output.Table("This node's share of the cluster's budgets", ["Budget", "Cluster", "This node"],
            Rows(response[ManagementKeys.Budgets], ManagementKeys.Budget, ManagementKeys.Total, ManagementKeys.Share));
        return ExitCodes.Ok;
    }

    private static string Or(string text, string fallback) => text.Length == 0 ? fallback : text;

    public static int Details(TextOutput output, JsonObject response)
    {
        Status(output, response);
        if (response[ManagementKeys.Cluster] is JsonObject node)
        {
            output.Line($"Cluster node:        {Text(node, ManagementKeys.Address)} ({Text(node, ManagementKeys.Status)})");
        }
        output.Table("Limits", ["Database", "User", "Active", "Max", "Initial", "Min"],
            Rows(response[ManagementKeys.Limits], ManagementKeys.Database, ManagementKeys.Username, ManagementKeys.ActiveConnections,
                ManagementKeys.MaxConnections, ManagementKeys.InitialConnections, ManagementKeys.MinConnections));
        output.Table("Databases", ["Database", "Enabled"], Rows(response[ManagementKeys.Databases], ManagementKeys.Database, ManagementKeys.Enabled));
        var connections = new List<IReadOnlyList<string>>();
        if (response[ManagementKeys.Connections] is JsonArray slots)
        {
            foreach (var slot in slots)
            {
                if (slot is JsonObject entry)
                {
                    connections.Add([
                        Text(entry, ManagementKeys.Slot), Text(entry, ManagementKeys.State), Text(entry, ManagementKeys.Username),
                        Text(entry, ManagementKeys.Database), Text(entry, ManagementKeys.AppName), Time(entry, ManagementKeys.StartTime),
                        Time(entry, ManagementKeys.Timestamp), Text(entry, ManagementKeys.Server), Text(entry, ManagementKeys.Client),
                    ]);
                }
            }
        }
        output.Table("Connections", ["Slot", "State", "User", "Database", "Application", "Start time", "Last used", "Server", "Client"], connections);
        return ExitCodes.Ok;
    }

    public static int Databases(TextOutput output, JsonObject response)
    {
        foreach (var row in Rows(response[ManagementKeys.Databases], ManagementKeys.Database, ManagementKeys.Enabled))
        {
            output.Line($"{row[0]}: {(row[1] == "true" ? "enabled" : "disabled")}");
        }
        return ExitCodes.Ok;
    }

    public static int Reload(TextOutput output, JsonObject response)
    {
        output.Line(ManagementDocument.GetBool(response, ManagementKeys.Restart) == true
            ? "Configuration reloaded; some changes need a restart (their running values are kept)"
            : "Configuration reloaded");
        return ExitCodes.Ok;
    }

    public static Func<TextOutput, JsonObject, int> ConfGet(string? key, TextWriter error) => (output, response) =>
    {
        if (key is null)
        {
            PrintFullConfiguration(output, response);
            return ExitCodes.Ok;
        }
        if (ConfigKeyLookup.Find(response, key) is not { } value)
        {
            error.WriteLine($"agroal-cli: conf get: unknown key \"{key}\"");
            return ExitCodes.Data;
        }
        output.Line(value);
        return ExitCodes.Ok;
    };

    public static int ConfSet(TextOutput output, JsonObject response)
    {
        var key = Text(response, "config_key");
        if (Text(response, "status") == ConfigurationSetCommand.StatusRestartRequired)
        {
            output.Line($"{key}: restart required; running value {Text(response, "current_value")} kept, {Text(response, "requested_value")} applies after a restart");
        }
        else
        {
            output.Line($"{key}: {Text(response, "old_value")} -> {Text(response, "new_value")}");
        }
        return ExitCodes.Ok;
    }

    public static int ConfLs(TextOutput output, JsonObject response)
    {
        string[] keys =
        [
            "main_configuration_path", "hba_configuration_path", "limit_configuration_path", "users_configuration_path",
            "frontend_users_configuration_path", "admin_configuration_path", "superuser_configuration_path",
        ];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var key in keys)
        {
            rows.Add([key.Replace("_configuration_path", "", StringComparison.Ordinal), Text(response, key)]);
        }
        output.Table(null, ["File", "Path"], rows);
        return ExitCodes.Ok;
    }

    public static int ConfAlias(TextOutput output, JsonObject response)
    {
        var rows = new List<IReadOnlyList<string>>();
        if (response[ManagementKeys.Databases] is JsonObject databases)
        {
            foreach (var (database, node) in databases)
            {
                if (node is not JsonObject entry)
                {
                    continue;
                }
                var aliases = entry["aliases"] is JsonArray list ? string.Join(',', list.Select(a => a?.ToString())) : "";
                rows.Add([database, aliases, Text(entry, "username"), Text(entry, "max_size"), Text(entry, "initial_size"), Text(entry, "min_size")]);
            }
        }
        output.Table(null, ["Database", "Aliases", "User", "Max", "Initial", "Min"], rows);
        return ExitCodes.Ok;
    }

    private static void PrintFullConfiguration(TextOutput output, JsonObject response)
    {
        var main = new List<IReadOnlyList<string>>();
        foreach (var (key, node) in response)
        {
            if (key != ManagementKeys.ServerVersion && (node is JsonValue || node is JsonObject enriched && enriched.ContainsKey("string_value")))
            {
                main.Add([key, PgagroalValueTypes.ToText(node)]);
            }
        }
        output.Table("[pgagroal]", ["Key", "Value"], main);
        foreach (var section in new[] { ConfigurationDocument.ServerSection, ConfigurationDocument.LimitSection, ConfigurationDocument.HbaSection })
        {
            if (response[section] is not JsonObject entries)
            {
                continue;
            }
            var rows = new List<IReadOnlyList<string>>();
            foreach (var (name, node) in entries)
            {
                if (node is JsonObject fields)
                {
                    foreach (var (field, value) in fields)
                    {
                        rows.Add([$"{section}.{name}.{field}", PgagroalValueTypes.ToText(value)]);
                    }
                }
            }
            output.Table(section, ["Key", "Value"], rows);
        }
    }

    /// <summary>
    /// One row per entry of a list (pgagroal 2.0, Limits) or per member of an object keyed by name (2.1's Servers; a
    /// missing Server field is then the member's name).
    /// </summary>
    private static List<IReadOnlyList<string>> Rows(JsonNode? list, params string[] keys)
    {
        var rows = new List<IReadOnlyList<string>>();
        var entries = new List<JsonObject>();
        if (list is JsonArray items)
        {
            foreach (var item in items)
            {
                if (item is JsonObject entry)
                {
                    entries.Add(entry);
                }
            }
        }
        else if (list is JsonObject members)
        {
            foreach (var (name, member) in members)
            {
                if (member is JsonObject entry)
                {
                    var copy = entry.DeepClone().AsObject();
                    copy[ManagementKeys.Server] ??= name;
                    entries.Add(copy);
                }
            }
        }
        foreach (var entry in entries)
        {
            var row = new string[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                row[i] = Text(entry, keys[i]);
            }
            rows.Add(row);
        }
        return rows;
    }

    internal static string Text(JsonObject entry, string key) => entry[key] switch
    {
        null => "",
        JsonValue value when value.TryGetValue(out bool flag) => flag ? "true" : "false",
        var node => node.ToString(),
    };

    private static string Time(JsonObject entry, string key) =>
        ManagementDocument.TryGetInt(entry, key, out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "";
}
