using System.Globalization;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>The checks of pgagroal_databases.conf that look at more than one field or line.</summary>
internal static class LimitRules
{
    /// <summary>pgagroal's auto-adjustments of incoherent sizes; each one is described in <paramref name="adjustments"/>.</summary>
    public static LimitRule Adjust(LimitRule rule, out List<string> adjustments)
    {
        adjustments = [];
        var (max, initial, min) = (rule.MaxSize, rule.InitialSize, rule.MinSize);
        if (initial < min)
        {
            adjustments.Add(Describe(rule, $"initial_size {initial} is below min_size {min}; initial_size set to {min}"));
            initial = min;
        }

        if (initial > max)
        {
            adjustments.Add(Describe(rule, $"initial_size {initial} is above max_size {max}; initial_size set to {max}"));
            initial = max;
        }

        if (min > max)
        {
            adjustments.Add(Describe(rule, $"min_size {min} is above max_size {max}; min_size set to {max}"));
            min = max;
        }

        return rule with { MaxSize = max, InitialSize = initial, MinSize = min };
    }

    /// <summary>
    /// Alias rules, the max_connections budget and the users needed for prefill.
    /// <paramref name="knownUsers"/> are the names in the users file (empty when there is none).
    /// <paramref name="maxConnectionsOrigin"/> (file:line) says where max_connections was set, so an over-budget error
    /// points at that line too, not only at this file: the culprit is often a later duplicate of the key.
    /// </summary>
    public static void Validate(
        LimitTable table, string path, int maxConnections, IReadOnlySet<string> knownUsers,
        List<ConfigurationError> errors, List<ConfigurationWarning> warnings, string? maxConnectionsOrigin = null)
    {
        var databases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in table.Rules)
        {
            databases.Add(rule.Database);
        }

        var aliasOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var total = 0;
        var overBudgetReported = false;
        foreach (var rule in table.Rules)
        {
            if (rule.IsAllDatabases && rule.Aliases.Count > 0)
            {
                errors.Add(new ConfigurationError(path, rule.Line, "database all cannot have aliases"));
            }

            foreach (var alias in rule.Aliases)
            {
                if (alias == LimitRule.All)
                {
                    errors.Add(new ConfigurationError(path, rule.Line, "alias all is reserved"));
                }
                else if (databases.Contains(alias))
                {
                    errors.Add(new ConfigurationError(path, rule.Line, $"alias \"{alias}\" is also a database name"));
                }
                else if (!aliasOwners.TryAdd(alias, rule.Database))
                {
                    errors.Add(new ConfigurationError(path, rule.Line, $"alias \"{alias}\" is already used for database \"{aliasOwners[alias]}\""));
                }
            }

            total += rule.MaxSize;
            if (total > maxConnections && !overBudgetReported)
            {
                errors.Add(new ConfigurationError(path, rule.Line, string.Create(CultureInfo.InvariantCulture,
                    $"the max_size of all entries ({total} so far) exceeds max_connections ({maxConnections}{(maxConnectionsOrigin is null ? "" : ", set at " + maxConnectionsOrigin)})")));
                overBudgetReported = true;
            }

            CheckPrefillUser(rule, path, knownUsers, errors, warnings);
        }
    }

    private static void CheckPrefillUser(
        LimitRule rule, string path, IReadOnlySet<string> knownUsers, List<ConfigurationError> errors, List<ConfigurationWarning> warnings)
    {
        if (rule.InitialSize == 0 && rule.MinSize == 0)
        {
            return;
        }

        if (rule.IsAllUsers || rule.IsAllDatabases)
        {
            warnings.Add(new ConfigurationWarning(path, rule.Line, Describe(rule, "initial_size and min_size need a concrete database and user; no prefill for this entry")));
        }
        else if (!knownUsers.Contains(rule.User))
        {
            errors.Add(new ConfigurationError(path, rule.Line,
                $"user \"{rule.User}\" has initial_size or min_size > 0 but is not in the users file (its password is needed to prefill)"));
        }
    }

    private static string Describe(LimitRule rule, string message) => $"{rule.Database}/{rule.User}: {message}";
}
