using System.Net.Sockets;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>Linux errno values as the SocketException the rest of the pooler already handles and prints.</summary>
internal static class SocketErrors
{
    public static SocketException FromErrno(int errno) => new((int)ToSocketError(errno));

    public static SocketError ToSocketError(int errno) => errno switch
    {
        0 => SocketError.Success,
        4 => SocketError.Interrupted,
        11 => SocketError.WouldBlock,
        13 => SocketError.AccessDenied,
        32 => SocketError.Shutdown,
        98 => SocketError.AddressAlreadyInUse,
        99 => SocketError.AddressNotAvailable,
        100 => SocketError.NetworkDown,
        101 => SocketError.NetworkUnreachable,
        103 => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        107 => SocketError.NotConnected,
        110 => SocketError.TimedOut,
        111 => SocketError.ConnectionRefused,
        112 => SocketError.HostDown,
        113 => SocketError.HostUnreachable,
        115 => SocketError.InProgress,
        _ => SocketError.SocketError,
    };
}
