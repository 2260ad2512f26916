using System.Runtime.InteropServices;

namespace Agroal.Actors.Hosting;

/// <summary>
/// Linux signal numbers the process handles. pgagroal's SIGTRAP (graceful shutdown) cannot be used:
/// CoreCLR treats SIGTRAP as a debugger breakpoint and the process dies before any managed handler
/// runs (verified with .NET 10), so graceful shutdown is SIGUSR2 here.
/// </summary>
public static class AgroalSignals
{
    public const PosixSignal Hangup = PosixSignal.SIGHUP;
    public const PosixSignal Interrupt = PosixSignal.SIGINT;
    public const PosixSignal Terminate = PosixSignal.SIGTERM;
    public const PosixSignal Abort = (PosixSignal)6;
    public const PosixSignal User1 = (PosixSignal)10;
    public const PosixSignal User2 = (PosixSignal)12;
    public const PosixSignal Alarm = (PosixSignal)14;
}
