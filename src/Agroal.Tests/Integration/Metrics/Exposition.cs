using System.Globalization;

namespace Agroal.Tests.Integration.Metrics;

/// <summary>Reads one sample out of a text exposition.</summary>
public static class Exposition
{
    /// <param name="series">The series as written: a name, or a name with its labels in exposition order.</param>
    /// <returns>The value, or null when the series is not there.</returns>
    public static double? Value(string body, string series)
    {
        var prefix = series + " ";
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return double.Parse(line.AsSpan(prefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
