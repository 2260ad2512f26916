using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// The Linux calls the epoll socket engine makes. struct epoll_event is packed to 12 bytes on x86-64 and padded to 16
/// elsewhere, so events are read and written at the offsets of the running architecture instead of through a struct.
/// </summary>
internal static unsafe partial class EpollInterop
{
    private const string Library = "libc";

    public const int EpollCloseOnExec = 0x80000;
    public const int EventFdNonBlocking = 0x800;
    public const int EventFdCloseOnExec = 0x80000;

    public const int ControlAdd = 1;

    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollError = 0x008;
    public const uint EpollHangUp = 0x010;
    public const uint EpollPeerClosedWrite = 0x2000;
    public const uint EpollEdgeTriggered = 1u << 31;

    public const int ErrorInterrupted = 4;
    public const int ErrorWouldBlock = 11;
    public const int ErrorNoMemory = 12;
    public const int ErrorTooManyFilesInSystem = 23;
    public const int ErrorTooManyFiles = 24;
    public const int ErrorNoBuffers = 105;

    /// <summary>accept4's flags: the new socket non-blocking and closed on exec, without a fcntl each.</summary>
    public const int AcceptNonBlockingCloseOnExec = 0x800 | 0x80000;

    public const int ShutdownBoth = 2;

    public const int SocketLevel = 1;
    public const int SocketKeepAlive = 9;
    public const int TcpLevel = 6;
    public const int TcpNoDelay = 1;

    /// <summary>Room for any address accept4 or getsockname returns (struct sockaddr_storage).</summary>
    public const int AddressStorageSize = 128;

    /// <summary>The runtime ignores SIGPIPE already; the flag keeps a reset peer from depending on that.</summary>
    public const int SendNoSignal = 0x4000;

    private static readonly bool IsPacked = RuntimeInformation.ProcessArchitecture == Architecture.X64;

    public static readonly int EventSize = IsPacked ? 12 : 16;

    private static readonly int DataOffset = IsPacked ? 4 : 8;

    /// <summary>Linux on x86-64 or arm64: the architectures whose epoll_event layout this file knows.</summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static uint EventsAt(byte* events, int index) => Unsafe.ReadUnaligned<uint>(events + index * EventSize);

    public static ulong DataAt(byte* events, int index) => Unsafe.ReadUnaligned<ulong>(events + index * EventSize + DataOffset);

    /// <summary>epoll_ctl with an interest set and a token; false with errno in <see cref="LastError"/>.</summary>
    public static bool Control(int epollFd, int operation, int fd, uint interest, ulong token)
    {
        var buffer = stackalloc byte[16];
        Unsafe.WriteUnaligned(buffer, interest);
        Unsafe.WriteUnaligned(buffer + DataOffset, token);
        return EpollControl(epollFd, operation, fd, buffer) == 0;
    }

    public static int LastError => Marshal.GetLastPInvokeError();

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollControl(int epollFd, int operation, int fd, byte* interest);

    // The loop's three calls (epoll_wait, recv, send) run several times a transaction. SetLastError's stub would clear
    // errno before each call and copy it into the runtime's thread-local error after it, success or not; these read
    // errno themselves, only when the call failed, which is when the call set it. The runtime keeps errno across its
    // return from native code (the generated SetLastError stub relies on the same).
    [LibraryImport(Library, EntryPoint = "epoll_wait")]
    private static partial int EpollWaitCall(int epollFd, byte* events, int maxEvents, int timeoutMilliseconds);

    /// <summary>epoll_wait; a negative count with the call's errno in <paramref name="errno"/>.</summary>
    public static int EpollWait(int epollFd, byte* events, int maxEvents, int timeoutMilliseconds, out int errno)
        => (int)WithErrno(EpollWaitCall(epollFd, events, maxEvents, timeoutMilliseconds), out errno);

    /// <summary>A call's result, and its errno when the result says it failed (negative; the call set errno then), else 0.</summary>
    private static nint WithErrno(nint result, out int errno)
    {
        errno = result < 0 ? Marshal.GetLastSystemError() : 0;
        return result;
    }

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Library, EntryPoint = "recv")]
    private static partial nint ReceiveCall(int fd, byte* buffer, nuint length, int flags);

    /// <summary>recv; a negative count with the call's errno in <paramref name="errno"/>.</summary>
    public static nint Receive(int fd, byte* buffer, nuint length, int flags, out int errno)
        => WithErrno(ReceiveCall(fd, buffer, length, flags), out errno);

    [LibraryImport(Library, EntryPoint = "send")]
    private static partial nint SendCall(int fd, byte* buffer, nuint length, int flags);

    /// <summary>send; a negative count with the call's errno in <paramref name="errno"/>.</summary>
    public static nint Send(int fd, byte* buffer, nuint length, int flags, out int errno)
        => WithErrno(SendCall(fd, buffer, length, flags), out errno);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint length);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint length);

    [LibraryImport(Library, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept(int fd, void* address, void* addressLength, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport(Library, EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSocketName(int fd, void* address, void* addressLength);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, void* value, uint valueLength);
}
