using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Agroal.RelayFloor;

/// <summary>The few Linux calls the epoll engine makes, with the x86-64 constants and layouts they need.</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc.so.6";

    public const int AddressFamilyInet = 2;
    public const int SocketStream = 1;
    public const int SocketNonBlocking = 0x800;
    public const int SocketCloseOnExec = 0x80000;
    public const int EpollCloseOnExec = 0x80000;
    public const int EventFdNonBlocking = 0x800;
    public const int EventFdCloseOnExec = 0x80000;

    public const int EpollAdd = 1;
    public const int EpollModify = 3;

    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollError = 0x008;
    public const uint EpollHangUp = 0x010;
    public const uint EpollPeerClosedWrite = 0x2000;
    public const uint EpollEdgeTriggered = 1u << 31;

    public const int ErrorInterrupted = 4;
    public const int ErrorWouldBlock = 11;
    public const int ErrorInProgress = 115;

    public const int SocketLevel = 1;
    public const int SocketReuseAddress = 2;
    public const int SocketError = 4;
    public const int TcpLevel = 6;
    public const int TcpNoDelay = 1;

    /// <summary>The .NET runtime already ignores SIGPIPE; the flag keeps a reset peer from depending on that.</summary>
    public const int SendNoSignal = 0x4000;

    public const short PollOut = 0x004;

    /// <summary>x86-64 packs struct epoll_event to 12 bytes; other architectures do not, hence the startup check.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct SocketAddressInet
    {
        public ushort Family;
        public ushort PortNetworkOrder;
        public uint AddressNetworkOrder;
        public ulong Padding;

        public static SocketAddressInet Loopback(int port) => new()
        {
            Family = AddressFamilyInet,
            PortNetworkOrder = BinaryPrimitives.ReverseEndianness((ushort)port),
            AddressNetworkOrder = BinaryPrimitives.ReverseEndianness(0x7F000001u),
        };
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epollFd, int operation, int fd, EpollEvent* interest);

    [LibraryImport(Library, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epollFd, EpollEvent* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, int* value, uint valueLength);

    [LibraryImport(Library, EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSocketOption(int fd, int level, int name, int* value, uint* valueLength);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, SocketAddressInet* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "listen", SetLastError = true)]
    public static partial int Listen(int fd, int backlog);

    [LibraryImport(Library, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept(int fd, void* address, void* addressLength, int flags);

    [LibraryImport(Library, EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, SocketAddressInet* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint length);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint length);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    public static int LastError => Marshal.GetLastPInvokeError();

    public static void SetNoDelay(int fd)
    {
        var on = 1;
        SetSocketOption(fd, TcpLevel, TcpNoDelay, &on, sizeof(int));
    }
}
