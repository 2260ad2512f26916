using System.Globalization;
using Agroal.Actors.Configuration.Parsing;

namespace Agroal.Actors.Configuration;

/// <summary><c>conf get</c>: one value in config syntax (bools on/off, enums by name, durations in seconds, sizes in bytes).</summary>
public static class ConfigurationReader
{
    /// <summary>False when the key, server, limit or HBA user is unknown; <paramref name="value"/> then holds the reason.</summary>
    public static bool TryGet(AgroalConfiguration c, string key, out string value)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(key);
        if (!ConfigurationKeyPath.TryParse(key, out var path, out value))
        {
            return false;
        }

        switch (path.Scope)
        {
            case ConfigurationKeyScope.Main:
                return Read(MainKeys.Find(path.Field), c.Main, key, out value);
            case ConfigurationKeyScope.Server:
                var server = c.FindServer(path.Owner);
                if (server is null)
                {
                    value = $"unknown server \"{path.Owner}\"";
                    return false;
                }

                return Read(ServerKeys.Find(path.Field), server, key, out value);
            case ConfigurationKeyScope.Limit:
                var rule = FirstLimit(c.Limits, path.Owner);
                return rule is null ? Unknown($"no limit for database \"{path.Owner}\"", out value) : ReadLimit(rule, path.Field, key, out value);
            default:
                var entry = FirstHba(c.Hba, path.Owner);
                return entry is null ? Unknown($"no HBA entry for user \"{path.Owner}\"", out value) : ReadHba(entry, path.Field, key, out value);
        }
    }

    internal static LimitRule? FirstLimit(LimitTable limits, string database) =>
        limits.Rules.FirstOrDefault(r => r.Database == database);

    internal static HbaEntry? FirstHba(HbaTable hba, string user) =>
        hba.Entries.FirstOrDefault(e => e.User == user);

    private static bool Read<T>(SettingKey<T>? setting, T settings, string key, out string value)
    {
        if (setting is null)
        {
            return Unknown($"unknown key \"{key}\"", out value);
        }

        value = setting.Format(settings);
        return true;
    }

    private static bool ReadLimit(LimitRule rule, string field, string key, out string value)
    {
        string? text = field switch
        {
            "database" => rule.Database,
            "username" => rule.User,
            "aliases" => string.Join(',', rule.Aliases),
            "max_size" => rule.MaxSize.ToString(CultureInfo.InvariantCulture),
            "initial_size" => rule.InitialSize.ToString(CultureInfo.InvariantCulture),
            "min_size" => rule.MinSize.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        return text is null ? Unknown($"unknown key \"{key}\"", out value) : Found(text, out value);
    }

    private static bool ReadHba(HbaEntry entry, string field, string key, out string value)
    {
        string? text = field switch
        {
            "type" => HbaFields.FormatType(entry.Type),
            "database" => entry.Database,
            "username" => entry.User,
            "address" => entry.Address.ToString(),
            "method" => HbaFields.FormatMethod(entry.Method),
            _ => null,
        };
        return text is null ? Unknown($"unknown key \"{key}\"", out value) : Found(text, out value);
    }

    private static bool Found(string text, out string value)
    {
        value = text;
        return true;
    }

    private static bool Unknown(string reason, out string value)
    {
        value = reason;
        return false;
    }
}
