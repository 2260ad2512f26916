using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>One exported metric family: what the exposition's HELP/TYPE lines and the home page say about it.</summary>
/// <param name="Labels">Label names in the order they are written; empty for an unlabelled family.</param>
/// <param name="PgagroalCompatible">True for pgagroal's own names, kept as pgagroal spells them for its dashboards.</param>
public sealed record MetricDescriptor(string Name, MetricType Type, string Help, IReadOnlyList<string> Labels, bool PgagroalCompatible)
{
    public string TypeName => Type switch
    {
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };

    /// <summary>This family as a prometheus-net gauge of <paramref name="factory"/>'s registry, under its name, help and labels.</summary>
    public Gauge CreateGauge(IMetricFactory factory) => factory.CreateGauge(Name, Help, [.. Labels]);

    /// <summary>This family as a prometheus-net counter of <paramref name="factory"/>'s registry, under its name, help and labels.</summary>
    public Counter CreateCounter(IMetricFactory factory) => factory.CreateCounter(Name, Help, [.. Labels]);
}
