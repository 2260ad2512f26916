using System.Globalization;
using System.Text.Json.Nodes;
using Agroal.Actors.Configuration;
using Agroal.Actors.Configuration.Parsing;

namespace Agroal.Actors.Management.Configuration;

/// <summary>
/// The configuration as pgagroal's <c>conf get</c>, <c>conf ls</c> and <c>conf alias</c> responses carry it. Main and
/// server values have pgagroal 2.1's JSON types (<see cref="PgagroalValueTypes"/>).
/// </summary>
public static class ConfigurationDocument
{
    public const string ServerSection = "server";
    public const string LimitSection = "limit";
    public const string HbaSection = "hba";

    /// <summary>Main keys at the top level, then <c>server</c>, <c>limit</c> and <c>hba</c> objects keyed by name (the last duplicate wins).</summary>
    public static void FillFull(JsonObject response, AgroalConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var key in MainKeys.All)
        {
            response[key.Name] = PgagroalValueTypes.ToJson(key.Name, key.Format(configuration.Main));
        }

        var servers = new JsonObject();
        foreach (var server in configuration.Servers)
        {
            var entry = new JsonObject();
            foreach (var key in ServerKeys.All)
            {
                entry[key.Name] = PgagroalValueTypes.ToJson(key.Name, key.Format(server));
            }
            servers[server.Name] = entry;
        }
        response[ServerSection] = servers;

        var limits = new JsonObject();
        foreach (var rule in configuration.Limits.Rules)
        {
            limits[rule.Database] = LimitEntry(rule);
        }
        response[LimitSection] = limits;

        var hba = new JsonObject();
        foreach (var entry in configuration.Hba.Entries)
        {
            hba[entry.User] = new JsonObject
            {
                ["type"] = HbaFields.FormatType(entry.Type),
                ["database"] = entry.Database,
                ["username"] = entry.User,
                ["address"] = entry.Address.ToString(),
                ["method"] = HbaFields.FormatMethod(entry.Method),
            };
        }
        response[HbaSection] = hba;
    }

    public static void FillPaths(JsonObject response, ConfigurationPaths paths)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(paths);
        response["main_configuration_path"] = paths.MainFile;
        response["hba_configuration_path"] = paths.HbaFile;
        response["limit_configuration_path"] = paths.LimitsFile ?? "";
        response["users_configuration_path"] = paths.UsersFile ?? "";
        response["frontend_users_configuration_path"] = paths.FrontendUsersFile ?? "";
        response["admin_configuration_path"] = paths.AdminsFile ?? "";
        response["superuser_configuration_path"] = paths.SuperuserFile ?? "";
    }

    /// <summary><c>Databases</c>: one object per limit rule, keyed by database, with its user, sizes and aliases.</summary>
    public static void FillAliases(JsonObject response, LimitTable limits)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(limits);
        var databases = new JsonObject();
        foreach (var rule in limits.Rules)
        {
            var aliases = new JsonArray();
            foreach (var alias in rule.Aliases)
            {
                aliases.Add(alias);
            }
            databases[rule.Database] = new JsonObject
            {
                ["username"] = rule.User,
                ["max_size"] = rule.MaxSize,
                ["initial_size"] = rule.InitialSize,
                ["min_size"] = rule.MinSize,
                ["aliases"] = aliases,
            };
        }
        response[Wire.ManagementKeys.Databases] = databases;
    }

    private static JsonObject LimitEntry(LimitRule rule) => new()
    {
        ["database"] = rule.Database,
        ["username"] = rule.User,
        ["aliases"] = string.Join(',', rule.Aliases),
        ["max_size"] = rule.MaxSize.ToString(CultureInfo.InvariantCulture),
        ["initial_size"] = rule.InitialSize.ToString(CultureInfo.InvariantCulture),
        ["min_size"] = rule.MinSize.ToString(CultureInfo.InvariantCulture),
    };
}
