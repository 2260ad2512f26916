using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>
/// A labelled family rebuilt from the pooler's state at each scrape: <see cref="Begin"/>, then one
/// <see cref="Set"/> per series that exists now, then <see cref="End"/>, which removes the series not set this time
/// (a server renamed, a rule gone, a certificate no longer configured). Steady state allocates nothing.
/// </summary>
internal sealed class ScrapedFamily
{
    private readonly Gauge? _gauge;
    private readonly Counter? _counter;
    private readonly Dictionary<ChildBase, long> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly List<ChildBase> _stale = [];
    private long _generation;

    private ScrapedFamily(Gauge? gauge, Counter? counter)
    {
        _gauge = gauge;
        _counter = counter;
    }

    public static ScrapedFamily Gauge(IMetricFactory factory, MetricDescriptor metric) =>
        new(metric.CreateGauge(factory), null);

    /// <summary>A counter whose value comes from a count kept elsewhere; a smaller value than before starts the series again.</summary>
    public static ScrapedFamily Counter(IMetricFactory factory, MetricDescriptor metric) =>
        new(null, metric.CreateCounter(factory));

    public void Begin() => _generation++;

    public void Set(double value, params ReadOnlySpan<string> labels)
    {
        ChildBase child;
        if (_gauge is not null)
        {
            var gauge = _gauge.WithLabels(labels);
            gauge.Set(value);
            child = gauge;
        }
        else
        {
            var counter = _counter!.WithLabels(labels);
            if (value < counter.Value)
            {
                _seen.Remove(counter);
                counter.Remove();
                counter = _counter.WithLabels(labels);
            }
            counter.IncTo(value);
            child = counter;
        }
        _seen[child] = _generation;
    }

    public void End()
    {
        foreach (var (child, generation) in _seen)
        {
            if (generation != _generation)
            {
                _stale.Add(child);
            }
        }
        foreach (var child in _stale)
        {
            _seen.Remove(child);
            child.Remove();
        }
        _stale.Clear();
    }

    /// <summary>Removes every series (clear prometheus on a counter family).</summary>
    public void Clear()
    {
        foreach (var child in _seen.Keys)
        {
            child.Remove();
        }
        _seen.Clear();
    }
}
