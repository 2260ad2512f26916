using System.Text.Json.Nodes;
using Agroal.Actors.Management.Configuration;

namespace Agroal.Cli.Management;

/// <summary>
/// <c>conf get key</c> on the full configuration document, as pgagroal-cli does it: <c>key</c>, <c>pgagroal.key</c>,
/// <c>server.&lt;name&gt;.key</c>, <c>limit.&lt;db&gt;.key</c>, <c>hba.&lt;user&gt;.key</c> (names may contain dots).
/// </summary>
internal static class ConfigKeyLookup
{
    public static string? Find(JsonObject response, string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return Value(response, key);
        }
        var prefix = key[..dot];
        var rest = key[(dot + 1)..];
        if (prefix == "pgagroal")
        {
            return Value(response, rest);
        }
        if (prefix is not (ConfigurationDocument.ServerSection or ConfigurationDocument.LimitSection or ConfigurationDocument.HbaSection))
        {
            return null;
        }
        var last = rest.LastIndexOf('.');
        if (last <= 0 || response[prefix] is not JsonObject section || section[rest[..last]] is not JsonObject owner)
        {
            return null;
        }
        return Value(owner, rest[(last + 1)..]);
    }

    /// <summary>A plain value, or the string_value of pgagroal 2.1's {value, string_value} pair (as pgagroal-cli prints it).</summary>
    private static string? Value(JsonObject node, string key) => node[key] switch
    {
        JsonValue value => PgagroalValueTypes.ToText(value),
        JsonObject enriched when enriched.ContainsKey("string_value") => PgagroalValueTypes.ToText(enriched),
        _ => null,
    };
}
