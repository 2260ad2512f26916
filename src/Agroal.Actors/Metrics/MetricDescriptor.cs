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
}
