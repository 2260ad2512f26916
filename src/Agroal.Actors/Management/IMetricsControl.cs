namespace Agroal.Actors.Management;

/// <summary>What <c>clear prometheus</c> asks of the metrics component; it implements this when present.</summary>
public interface IMetricsControl
{
    /// <summary>Resets the counters (not the gauges, which describe the present).</summary>
    void Clear();
}
