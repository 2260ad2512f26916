using System.Globalization;
using System.Text;

namespace Agroal.Actors.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4, served as 0.0.3 like pgagroal): a HELP and a TYPE
/// line per family, then its samples, label values escaped, numbers in invariant culture.
/// </summary>
public sealed class ExpositionWriter
{
    private readonly StringBuilder _text;

    public ExpositionWriter(int capacity = 16 * 1024)
    {
        _text = new StringBuilder(capacity);
    }

    public int Length => _text.Length;

    public void Family(MetricDescriptor metric)
    {
        _text.Append("# HELP ").Append(metric.Name).Append(' ');
        AppendEscaped(metric.Help, escapeQuotes: false);
        _text.Append('\n');
        _text.Append("# TYPE ").Append(metric.Name).Append(' ').Append(metric.TypeName).Append('\n');
    }

    /// <summary>One sample; <paramref name="labelValues"/> pair up with the descriptor's label names.</summary>
    public void Sample(MetricDescriptor metric, long value, params ReadOnlySpan<string?> labelValues)
    {
        StartSample(metric.Name, metric.Labels, labelValues);
        _text.Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public void Sample(MetricDescriptor metric, double value, params ReadOnlySpan<string?> labelValues)
    {
        StartSample(metric.Name, metric.Labels, labelValues);
        AppendDouble(value);
        _text.Append('\n');
    }

    /// <summary>A histogram family's samples: cumulative buckets ending in +Inf, then _sum and _count.</summary>
    public void Histogram(MetricDescriptor metric, DurationHistogram histogram)
    {
        var bucketName = metric.Name + "_bucket";
        long cumulative = 0;
        var bounds = histogram.UpperBoundsSeconds;
        for (var i = 0; i < histogram.BucketCount; i++)
        {
            cumulative += histogram.CountInBucket(i);
            _text.Append(bucketName).Append("{le=\"");
            if (i < bounds.Count)
            {
                AppendDouble(bounds[i]);
            }
            else
            {
                _text.Append("+Inf");
            }
            _text.Append("\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        _text.Append(metric.Name).Append("_sum ");
        AppendDouble(histogram.SumSeconds);
        _text.Append('\n');
        _text.Append(metric.Name).Append("_count ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public override string ToString() => _text.ToString();

    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(_text.ToString());

    private void StartSample(string name, IReadOnlyList<string> labelNames, ReadOnlySpan<string?> labelValues)
    {
        if (labelValues.Length != labelNames.Count)
        {
            throw new ArgumentException($"{name} has {labelNames.Count} labels, got {labelValues.Length} values", nameof(labelValues));
        }
        _text.Append(name);
        if (labelNames.Count > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labelNames.Count; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                }
                _text.Append(labelNames[i]).Append("=\"");
                AppendEscaped(labelValues[i] ?? "", escapeQuotes: true);
                _text.Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ');
    }

    private void AppendDouble(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            _text.Append("+Inf");
        }
        else if (double.IsNegativeInfinity(value))
        {
            _text.Append("-Inf");
        }
        else if (double.IsNaN(value))
        {
            _text.Append("NaN");
        }
        else
        {
            _text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private void AppendEscaped(string value, bool escapeQuotes)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    _text.Append("\\\\");
                    break;
                case '\n':
                    _text.Append("\\n");
                    break;
                case '"' when escapeQuotes:
                    _text.Append("\\\"");
                    break;
                default:
                    _text.Append(c);
                    break;
            }
        }
    }
}
