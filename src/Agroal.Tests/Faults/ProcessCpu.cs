using System.Globalization;

namespace Agroal.Tests.Faults;

/// <summary>CPU time of a process from /proc/&lt;pid&gt;/stat: where a long fault case's time went.</summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100.0;

    /// <param name="withEndedChildren">Adds the children it has reaped (PostgreSQL's ended backends).</param>
    public static double Seconds(int pid, bool withEndedChildren)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // After "pid (comm) ": state is field 0, utime 11, stime 12, cutime 13, cstime 14.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = Parse(fields[11]) + Parse(fields[12]) + (withEndedChildren ? Parse(fields[13]) + Parse(fields[14]) : 0);
        return ticks / TicksPerSecond;
    }

    private static long Parse(string field) => long.Parse(field, CultureInfo.InvariantCulture);
}
