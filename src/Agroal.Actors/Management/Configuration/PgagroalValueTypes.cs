using System.Globalization;
using System.Text.Json.Nodes;

namespace Agroal.Actors.Management.Configuration;

/// <summary>
/// The JSON types pgagroal 2.1 gives configuration values in <c>conf get</c>: numbers for ports and counts, true/false
/// for booleans, strings for text, and <c>{ "value": N, "string_value": "..." }</c> for durations (seconds, "Ns"),
/// sizes (bytes, "NB") and enumerations (pgagroal's own constant, its name). A value arrives here in config syntax
/// (on/off, seconds, bytes, names), as the key formats it.
/// </summary>
public static class PgagroalValueTypes
{
    private enum Kind
    {
        Text,
        Number,
        Boolean,
        Duration,
        Size,
        Enumeration,
    }

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.Ordinal)
    {
        ["port"] = Kind.Number, ["metrics"] = Kind.Number, ["management"] = Kind.Number, ["console"] = Kind.Number,
        ["connection_retry_delay"] = Kind.Number, ["rotate_frontend_password_length"] = Kind.Number, ["max_connection_age"] = Kind.Number,
        ["background_interval"] = Kind.Number, ["max_retries"] = Kind.Number, ["max_connections"] = Kind.Number, ["backlog"] = Kind.Number,
        ["max_prepared_statements"] = Kind.Number,
        ["metrics_cache_max_age"] = Kind.Duration, ["log_rotation_age"] = Kind.Duration, ["blocking_timeout"] = Kind.Duration,
        ["idle_timeout"] = Kind.Duration, ["rotate_frontend_password_timeout"] = Kind.Duration, ["flush_timeout"] = Kind.Duration,
        ["health_check_period"] = Kind.Duration, ["health_check_timeout"] = Kind.Duration, ["authentication_timeout"] = Kind.Duration,
        ["disconnect_client"] = Kind.Duration, ["failover_script_timeout"] = Kind.Duration,
        ["metrics_cache_max_size"] = Kind.Size, ["log_rotation_size"] = Kind.Size, ["max_message_size"] = Kind.Size,
        ["log_connections"] = Kind.Boolean, ["log_disconnections"] = Kind.Boolean, ["allow_unknown_users"] = Kind.Boolean,
        ["health_check"] = Kind.Boolean, ["auth_query"] = Kind.Boolean, ["failover"] = Kind.Boolean, ["tls"] = Kind.Boolean,
        ["keep_alive"] = Kind.Boolean, ["nodelay"] = Kind.Boolean, ["tracker"] = Kind.Boolean, ["track_prepared_statements"] = Kind.Boolean,
        ["server_reset_query_always"] = Kind.Boolean, ["disconnect_client_force"] = Kind.Boolean, ["cluster"] = Kind.Boolean,
        ["primary"] = Kind.Boolean,
        ["log_type"] = Kind.Enumeration, ["log_level"] = Kind.Enumeration, ["log_mode"] = Kind.Enumeration,
        ["startup_validation"] = Kind.Enumeration, ["pipeline"] = Kind.Enumeration, ["hugepage"] = Kind.Enumeration,
        ["server_reset_query_behavior_on_failure"] = Kind.Enumeration, ["update_process_title"] = Kind.Enumeration,
        // pgagroal sends validation as a bare number (its VALIDATION_* constant).
        ["validation"] = Kind.Number,
    };

    /// <summary>pgagroal's constants for each enumeration, by the name the configuration file uses.</summary>
    private static readonly Dictionary<string, Dictionary<string, int>> Constants = new(StringComparer.Ordinal)
    {
        ["log_type"] = new() { ["console"] = 0, ["file"] = 1, ["syslog"] = 2 },
        ["log_level"] = new()
        {
            ["debug5"] = 1, ["debug4"] = 1, ["debug3"] = 1, ["debug2"] = 1, ["debug1"] = 2, ["debug"] = 2,
            ["info"] = 3, ["warn"] = 4, ["error"] = 5, ["fatal"] = 6,
        },
        ["log_mode"] = new() { ["create"] = 0, ["append"] = 1 },
        ["startup_validation"] = new() { ["off"] = 0, ["try"] = 1, ["on"] = 2 },
        ["hugepage"] = new() { ["off"] = 0, ["try"] = 1, ["on"] = 2 },
        ["pipeline"] = new() { ["auto"] = -1, ["performance"] = 0, ["session"] = 1, ["transaction"] = 2 },
        ["server_reset_query_behavior_on_failure"] = new() { ["discard"] = 0, ["ignore"] = 1, ["try"] = 2 },
        ["update_process_title"] = new() { ["never"] = 0, ["off"] = 0, ["strict"] = 1, ["minimal"] = 2, ["verbose"] = 3, ["full"] = 3 },
        ["validation"] = new() { ["off"] = 0, ["foreground"] = 1, ["background"] = 2 },
    };

    /// <summary>The JSON node pgagroal 2.1 would send for <paramref name="key"/> = <paramref name="text"/>.</summary>
    public static JsonNode? ToJson(string key, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Kinds.TryGetValue(key, out var kind))
        {
            return JsonValue.Create(text);
        }
        switch (kind)
        {
            case Kind.Boolean:
                return JsonValue.Create(text is "on" or "true" or "yes" or "1");
            case Kind.Number when Constants.TryGetValue(key, out var named) && named.TryGetValue(text, out var constant):
                return JsonValue.Create(constant);
            case Kind.Number when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number):
                return JsonValue.Create(number);
            case Kind.Duration when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds):
                return Enriched(seconds, string.Create(CultureInfo.InvariantCulture, $"{seconds}s"));
            case Kind.Size when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes):
                return Enriched(bytes, string.Create(CultureInfo.InvariantCulture, $"{bytes}B"));
            case Kind.Enumeration when Constants.TryGetValue(key, out var names) && names.TryGetValue(text, out var value):
                return Enriched(value, text);
            default:
                return JsonValue.Create(text);
        }
    }

    /// <summary>How a configuration value reads as text: string_value of an enriched value, true/false, or the value.</summary>
    public static string ToText(JsonNode? node) => node switch
    {
        null => "",
        JsonObject enriched when enriched["string_value"] is JsonValue label => label.ToString(),
        JsonValue value when value.TryGetValue(out bool flag) => flag ? "true" : "false",
        _ => node.ToString(),
    };

    private static JsonObject Enriched(long value, string label) => new() { ["value"] = value, ["string_value"] = label };
}
