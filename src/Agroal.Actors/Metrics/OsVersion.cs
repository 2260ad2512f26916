using System.Globalization;
using System.Runtime.InteropServices;

namespace Agroal.Actors.Metrics;

/// <summary>The kernel name and version for pgagroal_os_info, read once.</summary>
internal sealed record OsVersion(string Name, string Major, string Minor, string Patch)
{
    public static OsVersion Current { get; } = Detect();

    private static OsVersion Detect()
    {
        var name = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "Linux"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "Darwin"
            : RuntimeInformation.IsOSPlatform(OSPlatform.FreeBSD) ? "FreeBSD"
            : Environment.OSVersion.Platform.ToString();
        // On Unix this is the kernel release (uname -r), which is what pgagroal reports.
        var version = Environment.OSVersion.Version;
        return new OsVersion(name, Part(version.Major), Part(version.Minor), Part(Math.Max(version.Build, 0)));
    }

    private static string Part(int value) => value.ToString(CultureInfo.InvariantCulture);
}
