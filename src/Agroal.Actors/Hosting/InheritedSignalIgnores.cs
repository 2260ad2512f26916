using System.Runtime.InteropServices;

namespace Agroal.Actors.Hosting;

/// <summary>
/// pgagroal answers its signals however it was started. A shell starts a script's background job with SIGINT
/// ignored, and <c>nohup</c> starts its command with SIGHUP ignored; .NET keeps an inherited ignore and never installs
/// its handler for such a signal, so a <see cref="PosixSignalRegistration"/> for it never runs: <c>kill -INT</c> would
/// not stop agroal and <c>kill -HUP</c> would not reload it. Setting each signal agroal handles back to its default
/// before the runtime's signal handling starts (the first use of Console) lets the runtime install its handlers.
/// </summary>
public static partial class InheritedSignalIgnores
{
    // Linux numbers (the same on x86-64 and arm64); agroal registers a handler for each of these.
    private static ReadOnlySpan<int> HandledSignals => [1 /* HUP */, 2 /* INT */, 6 /* ABRT */, 10 /* USR1 */, 12 /* USR2 */, 15 /* TERM */];

    private const nint DefaultAction = 0;
    private const nint IgnoreAction = 1;

    // struct sigaction is 152 bytes on Linux (glibc and musl, x86-64 and arm64), sa_handler first; a larger buffer
    // leaves room for any other layout's tail.
    private const int SigactionBufferSize = 256;

    /// <summary>How many handled signals were inherited as ignored and are now back to their default. Call first thing in Main.</summary>
    public static int Undo()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        var undone = 0;
        foreach (var signal in HandledSignals)
        {
            if (IsIgnored(signal))
            {
                SetHandler(signal, DefaultAction);
                undone++;
            }
        }
        return undone;
    }

    private static bool IsIgnored(int signal)
    {
        Span<byte> current = stackalloc byte[SigactionBufferSize];
        current.Clear();
        unsafe
        {
            fixed (byte* action = current)
            {
                if (QueryAction(signal, null, action) != 0)
                {
                    return false;
                }
            }
        }
        return MemoryMarshal.Read<nint>(current) == IgnoreAction;
    }

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static unsafe partial int QueryAction(int signal, byte* newAction, byte* oldAction);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetHandler(int signal, nint handler);
}
