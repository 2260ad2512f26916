using System.Globalization;
using System.Text.RegularExpressions;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>
/// Parses pgagroal_databases.conf: <c>DATABASE[=alias1,alias2] USER MAX_SIZE [INITIAL_SIZE [MIN_SIZE]]</c>.
/// A size of <c>all</c> is max_connections minus the max_size of the entries before it.
/// </summary>
internal static partial class LimitsFileParser
{
    public static LimitTable Parse(string path, int maxConnections, List<ConfigurationError> errors, List<ConfigurationWarning> warnings)
    {
        var lines = ConfigFileText.TryReadLines(path, "limits file", asciiOnly: false, errors);
        if (lines is null)
        {
            return LimitTable.Empty;
        }

        var rules = new List<LimitRule>();
        var reserved = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (ConfigFileText.IsCommentOrBlank(lines[i]))
            {
                continue;
            }

            if (!TryParseLine(lines[i], i + 1, maxConnections - reserved, out var rule, out var error))
            {
                errors.Add(new ConfigurationError(path, i + 1, error));
                continue;
            }

            rule = LimitRules.Adjust(rule, out var adjustments);
            foreach (var adjustment in adjustments)
            {
                warnings.Add(new ConfigurationWarning(path, i + 1, adjustment));
            }

            reserved += rule.MaxSize;
            rules.Add(rule);
        }

        return new LimitTable(rules);
    }

    private static bool TryParseLine(string line, int number, int remaining, out LimitRule rule, out string error)
    {
        rule = null!;
        var content = line;
        var comment = content.AsSpan().IndexOfAny('#', ';');
        if (comment >= 0)
        {
            content = content[..comment];
        }

        var columns = SeparatorSpaces().Replace(content.Trim(), "$1").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (columns.Length is < 3 or > 5)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"expected DATABASE[=ALIASES] USER MAX_SIZE [INITIAL_SIZE [MIN_SIZE]], found {columns.Length} columns");
            return false;
        }

        var equals = columns[0].IndexOf('=', StringComparison.Ordinal);
        var database = equals < 0 ? columns[0] : columns[0][..equals];
        var aliases = equals < 0 ? [] : columns[0][(equals + 1)..].Split(',');
        if (database.Length == 0 || Array.IndexOf(aliases, "") >= 0)
        {
            error = $"database \"{columns[0]}\" has an empty name or alias";
            return false;
        }

        if (!TryParseSize(columns[2], "max_size", remaining, out var max, out error)
            || !TryParseSize(columns.Length > 3 ? columns[3] : "0", "initial_size", remaining, out var initial, out error)
            || !TryParseSize(columns.Length > 4 ? columns[4] : "0", "min_size", remaining, out var min, out error))
        {
            return false;
        }

        if (max <= 0)
        {
            error = string.Equals(columns[2], LimitRule.All, StringComparison.OrdinalIgnoreCase)
                ? "max_size: all leaves no connections (earlier entries use max_connections)"
                : "max_size must be greater than 0";
            return false;
        }

        rule = new LimitRule(database, aliases, columns[1], max, initial, min, number)
        {
            SizesGivenAsAll = (IsAll(columns[2]) ? LimitSizes.MaxSize : LimitSizes.None)
                | (columns.Length > 3 && IsAll(columns[3]) ? LimitSizes.InitialSize : LimitSizes.None)
                | (columns.Length > 4 && IsAll(columns[4]) ? LimitSizes.MinSize : LimitSizes.None),
        };
        return true;
    }

    /// <summary>
    /// Sizes written as <c>all</c> recomputed for <paramref name="maxConnections"/>, as a reload of the same file would
    /// compute them: <c>conf set max_connections</c> (or a limit) follows the same rule as editing the files.
    /// </summary>
    public static LimitTable Resolve(LimitTable table, int maxConnections, out string error)
    {
        error = "";
        var rules = new List<LimitRule>(table.Rules.Count);
        var reserved = 0;
        foreach (var rule in table.Rules)
        {
            var resolved = rule;
            if (rule.SizesGivenAsAll != LimitSizes.None)
            {
                var remaining = Math.Max(maxConnections - reserved, 0);
                var given = rule.SizesGivenAsAll;
                resolved = rule with
                {
                    MaxSize = given.HasFlag(LimitSizes.MaxSize) ? remaining : rule.MaxSize,
                    InitialSize = given.HasFlag(LimitSizes.InitialSize) ? remaining : rule.InitialSize,
                    MinSize = given.HasFlag(LimitSizes.MinSize) ? remaining : rule.MinSize,
                };
                if (resolved.MaxSize <= 0)
                {
                    error = string.Create(CultureInfo.InvariantCulture,
                        $"line {rule.Line}: max_size: all leaves no connections (earlier entries use max_connections {maxConnections})");
                    return table;
                }
                resolved = LimitRules.Adjust(resolved, out _);
            }
            reserved += resolved.MaxSize;
            rules.Add(resolved);
        }
        return new LimitTable(rules);
    }

    private static bool IsAll(string text) => string.Equals(text, LimitRule.All, StringComparison.OrdinalIgnoreCase);

    private static bool TryParseSize(string text, string column, int remaining, out int value, out string error)
    {
        error = "";
        if (string.Equals(text, LimitRule.All, StringComparison.OrdinalIgnoreCase))
        {
            value = Math.Max(remaining, 0);
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = $"{column}: \"{text}\" is not a non-negative integer or all";
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"\s*([=,])\s*")]
    private static partial Regex SeparatorSpaces();
}
