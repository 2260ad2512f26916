using System.Globalization;
using Agroal.Actors.Configuration.Parsing;

namespace Agroal.Actors.Configuration;

/// <summary>
/// <c>conf set</c>: changes one value on a copy of the snapshot and runs the startup rules on the copy. Whether the
/// change applies live is <see cref="ConfigurationDiff.Compute"/> of the two snapshots. With duplicate
/// <c>limit.</c>/<c>hba.</c> names the first entry is changed, as in pgagroal.
/// </summary>
public static class ConfigurationEditor
{
    public static bool TrySet(AgroalConfiguration current, string key, string value, out AgroalConfiguration updated, out string error)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        updated = current;
        if (!ConfigurationKeyPath.TryParse(key, out var path, out error))
        {
            return false;
        }

        var context = new SettingContext(Environment.GetEnvironmentVariable);
        AgroalConfiguration? candidate = path.Scope switch
        {
            ConfigurationKeyScope.Main => SetMain(current, path.Field, value, context, out error),
            ConfigurationKeyScope.Server => SetServer(current, path, value, context, out error),
            ConfigurationKeyScope.Limit => SetLimit(current, path, value, out error),
            _ => SetHba(current, path, value, out error),
        };
        if (candidate is null)
        {
            return false;
        }

        // Sizes written as `all` follow max_connections and the entries before them, exactly as a reload of the
        // edited files would: one rule for conf set and for the files.
        if (path.Scope == ConfigurationKeyScope.Limit || (path.Scope == ConfigurationKeyScope.Main && path.Field == "max_connections"))
        {
            var limits = LimitsFileParser.Resolve(candidate.Limits, candidate.Main.MaxConnections, out error);
            if (error.Length > 0)
            {
                return false;
            }
            candidate = candidate with { Limits = limits };
        }

        var errors = new List<ConfigurationError>();
        var warnings = new List<ConfigurationWarning>();
        var validator = new ConfigurationValidator(candidate.Paths, new Dictionary<string, int>(), new Dictionary<string, int>(), new HashSet<string>(), errors, warnings);
        var main = validator.Validate(candidate.Main, candidate.Servers, candidate.Hba, candidate.Limits);
        if (errors.Count > 0)
        {
            error = string.Join("; ", errors.Select(e => e.Message));
            return false;
        }

        updated = candidate with { Main = main };
        return true;
    }

    private static AgroalConfiguration? SetMain(AgroalConfiguration current, string field, string value, SettingContext context, out string error)
    {
        var setting = MainKeys.Find(field);
        if (setting is null)
        {
            error = $"unknown key \"{field}\"";
            return null;
        }

        return setting.TryApply(current.Main, value, context, out var main, out error) ? current with { Main = main } : null;
    }

    private static AgroalConfiguration? SetServer(AgroalConfiguration current, ConfigurationKeyPath path, string value, SettingContext context, out string error)
    {
        var index = IndexOf(current.Servers, s => s.Name == path.Owner);
        if (index < 0)
        {
            error = $"unknown server \"{path.Owner}\"";
            return null;
        }

        var setting = ServerKeys.Find(path.Field);
        if (setting is null)
        {
            error = $"unknown key \"{path.Field}\"";
            return null;
        }

        if (!setting.TryApply(current.Servers[index], value, context, out var server, out error))
        {
            return null;
        }

        var servers = current.Servers.ToArray();
        servers[index] = server;
        return current with { Servers = servers };
    }

    private static AgroalConfiguration? SetLimit(AgroalConfiguration current, ConfigurationKeyPath path, string value, out string error)
    {
        error = "";
        var index = IndexOf(current.Limits.Rules, r => r.Database == path.Owner);
        if (index < 0)
        {
            error = $"no limit for database \"{path.Owner}\"";
            return null;
        }

        var rule = current.Limits.Rules[index];
        LimitRule? changed = path.Field switch
        {
            "database" => HbaFields.TryValidateName(value, "database", out error) ? rule with { Database = value } : null,
            "username" => HbaFields.TryValidateName(value, "username", out error) ? rule with { User = value } : null,
            "aliases" => rule with { Aliases = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
            "max_size" => TryParseCount(value, path.Field, 1, out var max, out error) ? rule with { MaxSize = max } : null,
            "initial_size" => TryParseCount(value, path.Field, 0, out var initial, out error) ? rule with { InitialSize = initial } : null,
            "min_size" => TryParseCount(value, path.Field, 0, out var min, out error) ? rule with { MinSize = min } : null,
            _ => Unknown<LimitRule>(path.Field, out error),
        };
        if (changed is null)
        {
            return null;
        }

        var rules = current.Limits.Rules.ToArray();
        rules[index] = LimitRules.Adjust(changed, out _);
        return current with { Limits = new LimitTable(rules) };
    }

    private static AgroalConfiguration? SetHba(AgroalConfiguration current, ConfigurationKeyPath path, string value, out string error)
    {
        error = "";
        var index = IndexOf(current.Hba.Entries, e => e.User == path.Owner);
        if (index < 0)
        {
            error = $"no HBA entry for user \"{path.Owner}\"";
            return null;
        }

        var entry = current.Hba.Entries[index];
        HbaEntry? changed = path.Field switch
        {
            "type" => HbaFields.TryParseType(value, out var type, out error) ? entry with { Type = type } : null,
            "database" => HbaFields.TryValidateName(value, "database", out error) ? entry with { Database = value } : null,
            "username" => HbaFields.TryValidateName(value, "username", out error) ? entry with { User = value } : null,
            "address" => HbaAddress.TryParse(value, out var address, out error) ? entry with { Address = address } : null,
            "method" => HbaFields.TryParseMethod(value, out var method, out error) ? entry with { Method = method } : null,
            _ => Unknown<HbaEntry>(path.Field, out error),
        };
        if (changed is null)
        {
            return null;
        }

        var entries = current.Hba.Entries.ToArray();
        entries[index] = changed;
        return current with { Hba = new HbaTable(entries) };
    }

    private static bool TryParseCount(string text, string field, int minimum, out int value, out string error)
    {
        error = "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= minimum)
        {
            return true;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"{field}: \"{text}\" is not an integer >= {minimum}");
        return false;
    }

    private static T? Unknown<T>(string field, out string error)
        where T : class
    {
        error = $"unknown key \"{field}\"";
        return null;
    }

    private static int IndexOf<T>(IReadOnlyList<T> items, Func<T, bool> predicate)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (predicate(items[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
