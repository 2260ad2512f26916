namespace Agroal.Actors.Metrics;

public enum MetricType
{
    Gauge,
    Counter,
    Histogram,
}
