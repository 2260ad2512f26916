using System.Diagnostics;
using System.Globalization;

namespace Agroal.Tests.Faults;

/// <summary>
/// Raises a process's open-file limit (RLIMIT_NOFILE) with util-linux's <c>prlimit</c>, so that the test and the
/// <c>agroal</c> it runs can each hold ten thousand sockets and more. Past the hard limit only as root.
/// </summary>
public static class DescriptorLimit
{
    /// <returns>The soft limit now in force for <paramref name="pid"/>.</returns>
    public static async Task<long> RaiseAsync(int pid, long wanted)
    {
        var (current, hard) = Read(pid);
        if (current >= wanted)
        {
            return current;
        }
        var id = pid.ToString(CultureInfo.InvariantCulture);
        if (!await PrlimitAsync("--pid", id, $"--nofile={wanted}:{wanted}"))
        {
            // Not root: as far as the hard limit allows.
            await PrlimitAsync("--pid", id, $"--nofile={hard}:{hard}");
        }
        return Read(pid).Soft;
    }

    /// <summary>Sets <paramref name="pid"/>'s soft limit, keeping its hard one; false when prlimit refused.</summary>
    public static async Task<bool> SetSoftAsync(int pid, long soft)
    {
        var hard = Read(pid).Hard;
        var hardText = hard == long.MaxValue ? "unlimited" : hard.ToString(CultureInfo.InvariantCulture);
        return await PrlimitAsync("--pid", pid.ToString(CultureInfo.InvariantCulture), $"--nofile={soft}:{hardText}");
    }

    /// <summary>The soft and hard "Max open files" of /proc/&lt;pid&gt;/limits.</summary>
    public static (long Soft, long Hard) Read(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return (Parse(fields[0]), Parse(fields[1]));
            }
        }
        return (0, 0);
    }

    private static long Parse(string field) => field == "unlimited" ? long.MaxValue : long.Parse(field, CultureInfo.InvariantCulture);

    private static async Task<bool> PrlimitAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("prlimit", args) { UseShellExecute = false, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        return process.ExitCode == 0;
    }
}
