using System.Runtime.InteropServices;

namespace Agroal.Actors.Hosting;

/// <summary>
/// pgagroal shuts down on SIGINT however it was started. A shell starts a background job of a non-interactive script
/// with SIGINT ignored, and .NET keeps an inherited ignore: it then never installs its handler, so a
/// <see cref="PosixSignalRegistration"/> for SIGINT never runs and <c>kill -INT</c> does nothing. Setting the
/// disposition back to the default before the runtime's signal handling starts (the first use of Console) lets the
/// runtime install its handler, and SIGINT stops agroal as it stops pgagroal.
/// </summary>
public static partial class InheritedInterruptIgnore
{
    private const int SignalInterrupt = 2;
    private const nint DefaultAction = 0;
    private const nint IgnoreAction = 1;

    // struct sigaction is 152 bytes on Linux (glibc and musl, x86-64 and arm64), sa_handler first; a larger buffer
    // leaves room for any other layout's tail.
    private const int SigactionBufferSize = 256;

    /// <summary>True when SIGINT was inherited as ignored and is now back to its default. Call first thing in Main.</summary>
    public static bool Undo()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        Span<byte> current = stackalloc byte[SigactionBufferSize];
        current.Clear();
        unsafe
        {
            fixed (byte* action = current)
            {
                if (QueryAction(SignalInterrupt, null, action) != 0)
                {
                    return false;
                }
            }
        }
        if (MemoryMarshal.Read<nint>(current) != IgnoreAction)
        {
            return false;
        }
        SetHandler(SignalInterrupt, DefaultAction);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static unsafe partial int QueryAction(int signal, byte* newAction, byte* oldAction);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetHandler(int signal, nint handler);
}
