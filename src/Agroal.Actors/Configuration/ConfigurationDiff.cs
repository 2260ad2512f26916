using System.Globalization;
using Agroal.Actors.Configuration.Parsing;

namespace Agroal.Actors.Configuration;

/// <summary>
/// What changed between the running snapshot and a reloaded one, each change classified with pgagroal HEAD's
/// reload column: the pooler applies the live ones and reports the others as needing a restart.
/// </summary>
public sealed class ConfigurationDiff
{
    private ConfigurationDiff(IReadOnlyList<ConfigurationChange> changes) => Changes = changes;

    public IReadOnlyList<ConfigurationChange> Changes { get; }

    public bool IsEmpty => Changes.Count == 0;

    public bool RequiresRestart => Changes.Any(c => c.Effect == ReloadEffect.RequiresRestart);

    /// <summary>failover: live standalone, restart-only in cluster mode.</summary>
    public const string ClusterFailoverKey = "failover";

    public static ConfigurationDiff Compute(AgroalConfiguration old, AgroalConfiguration @new)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        var changes = new List<ConfigurationChange>();
        CompareKeys(MainKeys.All, old.Main, @new.Main, "", changes);
        if (old.Main.Cluster)
        {
            // In cluster mode failover starts the coordinator's singleton manager and the primary-view follower at start;
            // turning it on or off means joining that machinery or leaving it: a restart. Its script keys stay live.
            for (var i = 0; i < changes.Count; i++)
            {
                if (changes[i].Key == ClusterFailoverKey)
                {
                    changes[i] = changes[i] with { Effect = ReloadEffect.RequiresRestart };
                }
            }
        }
        if (old.Main.EffectivePipeline != @new.Main.EffectivePipeline && !changes.Any(c => c.Key == "pipeline"))
        {
            changes.Add(new ConfigurationChange("pipeline", EnumSpellingTables.Pipelines.Format(old.Main.EffectivePipeline),
                EnumSpellingTables.Pipelines.Format(@new.Main.EffectivePipeline), ReloadEffect.RequiresRestart));
        }

        CompareServers(old, @new, changes);
        CompareHba(old.Hba, @new.Hba, changes);
        CompareLimits(old.Limits, @new.Limits, changes);
        return new ConfigurationDiff(changes);
    }

    private static void CompareKeys<T>(IReadOnlyList<SettingKey<T>> keys, T old, T @new, string prefix, List<ConfigurationChange> changes)
    {
        foreach (var key in keys)
        {
            var before = key.Format(old);
            var after = key.Format(@new);
            if (before != after)
            {
                changes.Add(new ConfigurationChange(prefix + key.Name, before, after, key.Reload));
            }
        }
    }

    private static void CompareServers(AgroalConfiguration old, AgroalConfiguration @new, List<ConfigurationChange> changes)
    {
        foreach (var server in old.Servers)
        {
            var counterpart = @new.FindServer(server.Name);
            if (counterpart is null)
            {
                changes.Add(new ConfigurationChange($"server.{server.Name}", Endpoint(server), null, ReloadEffect.RequiresRestart));
            }
            else
            {
                CompareKeys(ServerKeys.All, server, counterpart, $"server.{server.Name}.", changes);
            }
        }

        foreach (var server in @new.Servers)
        {
            if (old.FindServer(server.Name) is null)
            {
                changes.Add(new ConfigurationChange($"server.{server.Name}", null, Endpoint(server), ReloadEffect.AppliesLive));
            }
        }
    }

    private static void CompareHba(HbaTable old, HbaTable @new, List<ConfigurationChange> changes)
    {
        var before = HbaText(old);
        var after = HbaText(@new);
        if (before != after)
        {
            changes.Add(new ConfigurationChange("hba", before, after, ReloadEffect.AppliesLive));
        }
    }

    private static void CompareLimits(LimitTable old, LimitTable @new, List<ConfigurationChange> changes)
    {
        foreach (var rule in old.Rules)
        {
            var counterpart = FindRule(@new, rule.Database, rule.User);
            if (counterpart is null)
            {
                changes.Add(new ConfigurationChange($"limit.{rule.Database}", LimitText(rule), null, ReloadEffect.RequiresRestart));
                continue;
            }

            CompareLimitField(rule, "max_size", rule.MaxSize, counterpart.MaxSize, changes);
            CompareLimitField(rule, "initial_size", rule.InitialSize, counterpart.InitialSize, changes);
            CompareLimitField(rule, "min_size", rule.MinSize, counterpart.MinSize, changes);
            var aliasesBefore = string.Join(',', rule.Aliases);
            var aliasesAfter = string.Join(',', counterpart.Aliases);
            if (aliasesBefore != aliasesAfter)
            {
                changes.Add(new ConfigurationChange($"limit.{rule.Database}.aliases", aliasesBefore, aliasesAfter, ReloadEffect.AppliesLive));
            }
        }

        foreach (var rule in @new.Rules)
        {
            if (FindRule(old, rule.Database, rule.User) is null)
            {
                changes.Add(new ConfigurationChange($"limit.{rule.Database}", null, LimitText(rule), ReloadEffect.RequiresRestart));
            }
        }
    }

    private static void CompareLimitField(LimitRule rule, string field, int before, int after, List<ConfigurationChange> changes)
    {
        if (before != after)
        {
            changes.Add(new ConfigurationChange($"limit.{rule.Database}.{field}",
                before.ToString(CultureInfo.InvariantCulture), after.ToString(CultureInfo.InvariantCulture), ReloadEffect.RequiresRestart));
        }
    }

    private static LimitRule? FindRule(LimitTable table, string database, string user) =>
        table.Rules.FirstOrDefault(r => r.Database == database && r.User == user);

    private static string Endpoint(ServerSettings server) => string.Create(CultureInfo.InvariantCulture, $"{server.Host}:{server.Port}");

    private static string LimitText(LimitRule rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{rule.User} {rule.MaxSize} {rule.InitialSize} {rule.MinSize}");

    private static string HbaText(HbaTable table) =>
        string.Join("; ", table.Entries.Select(e =>
            $"{HbaFields.FormatType(e.Type)} {e.Database} {e.User} {e.Address} {HbaFields.FormatMethod(e.Method)}"));
}
