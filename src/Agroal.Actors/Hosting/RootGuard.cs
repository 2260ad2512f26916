using System.Runtime.InteropServices;

namespace Agroal.Actors.Hosting;

/// <summary>pgagroal refuses to run as root; so do we, unless <c>--allow-root</c> was given (containers).</summary>
public static partial class RootGuard
{
    public const string RefusalMessage = "agroal: Using the root account is not allowed";

    /// <summary>Null when the process may run; the message to print (exit code 1) otherwise.</summary>
    public static string? Check(uint effectiveUserId, bool allowRoot) =>
        effectiveUserId == 0 && !allowRoot ? RefusalMessage : null;

    /// <summary>The check against this process. <see cref="Environment.IsPrivilegedProcess"/> is the runtime's own
    /// <c>geteuid() == 0</c>, so it needs no library probing.</summary>
    public static string? CheckCurrentProcess(bool allowRoot) => Check(Environment.IsPrivilegedProcess ? 0u : 1u, allowRoot);

    /// <summary>geteuid(2), for diagnostics.</summary>
    public static uint EffectiveUserId() => OperatingSystem.IsWindows() ? uint.MaxValue : GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
