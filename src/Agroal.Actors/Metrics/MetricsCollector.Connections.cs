using System.Globalization;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Metrics;

public sealed partial class MetricsCollector
{
    private static readonly string[] SlotIds = BuildSlotIds(1024);

    private void WriteConnections(ExpositionWriter writer, PoolProtocol.Status? status)
    {
        var counters = _sources.PoolCounters;
        Single(writer, MetricCatalog.ActiveConnections, status?.Active ?? counters.Active);
        Single(writer, MetricCatalog.TotalConnections, status?.Total ?? counters.Total);
        Single(writer, MetricCatalog.MaxConnections, _sources.MaxConnections);

        writer.Family(MetricCatalog.Connection);
        if (status is null)
        {
            return;
        }
        var bySlot = new PoolProtocol.SlotStatus?[_sources.MaxConnections];
        foreach (var slot in status.Slots)
        {
            if ((uint)slot.SlotId < (uint)bySlot.Length)
            {
                bySlot[slot.SlotId] = slot;
            }
        }
        // Like pgagroal, every slot up to max_connections has a line; an unused one reads 0 with empty labels.
        for (var id = 0; id < bySlot.Length; id++)
        {
            var slot = bySlot[id];
            var state = slot?.State ?? SlotState.NotInit;
            writer.Sample(MetricCatalog.Connection, state == SlotState.NotInit ? 0 : 1,
                SlotId(id), slot?.User, slot?.Database, slot?.ApplicationName, StateLabel(state));
        }
    }

    private void WriteLimits(ExpositionWriter writer, PoolProtocol.Status? status)
    {
        var rules = _sources.Limits.Rules;
        if (rules.Count == 0)
        {
            return;
        }
        var active = new int[rules.Count];
        if (status is not null)
        {
            foreach (var slot in status.Slots)
            {
                if (slot.User is { } user && slot.Database is { } database && _sources.Limits.FindRule(user, database) is { } rule)
                {
                    var index = IndexOf(rules, rule);
                    if (index >= 0)
                    {
                        active[index]++;
                    }
                }
            }
        }
        writer.Family(MetricCatalog.Limit);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            writer.Sample(MetricCatalog.Limit, rule.MinSize, rule.User, rule.Database, "min");
            writer.Sample(MetricCatalog.Limit, rule.InitialSize, rule.User, rule.Database, "initial");
            writer.Sample(MetricCatalog.Limit, rule.MaxSize, rule.User, rule.Database, "max");
            writer.Sample(MetricCatalog.Limit, active[i], rule.User, rule.Database, "active");
        }
    }

    private void WriteAwaiting(ExpositionWriter writer)
    {
        Single(writer, MetricCatalog.ConnectionAwaiting, _sources.PoolCounters.Awaiting);
        var rules = _sources.Limits.Rules;
        if (rules.Count == 0)
        {
            return;
        }
        // The pool does not report its waiters per rule yet: every rule reads 0 until it does.
        writer.Family(MetricCatalog.LimitAwaiting);
        foreach (var rule in rules)
        {
            writer.Sample(MetricCatalog.LimitAwaiting, 0, rule.User, rule.Database);
        }
    }

    private static void WriteOsInfo(ExpositionWriter writer)
    {
        var os = OsVersion.Current;
        writer.Family(MetricCatalog.OsInfo);
        writer.Sample(MetricCatalog.OsInfo, 1, os.Name, os.Major, os.Minor, os.Patch);
    }

    private static int IndexOf<T>(IReadOnlyList<T> list, T item) where T : class
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], item))
            {
                return i;
            }
        }
        return -1;
    }

    private static string SlotId(int id) => id < SlotIds.Length ? SlotIds[id] : id.ToString(CultureInfo.InvariantCulture);

    private static string[] BuildSlotIds(int count)
    {
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = i.ToString(CultureInfo.InvariantCulture);
        }
        return ids;
    }

    /// <summary>pgagroal's spelling of each slot state.</summary>
    internal static string StateLabel(SlotState state) => state switch
    {
        SlotState.NotInit => "not_init",
        SlotState.Init => "init",
        SlotState.Free => "free",
        SlotState.InUse => "in_use",
        SlotState.Gracefully => "gracefully",
        SlotState.Flush => "flush",
        SlotState.IdleCheck => "idle_check",
        SlotState.MaxConnectionAge => "max_connection_age",
        SlotState.Validation => "validation",
        _ => "remove",
    };
}
