using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Agroal.Actors.Networking;

/// <summary>
/// The operating system's descriptor of a connection's socket, for pgagroal's tracker lines (its socket events and the
/// backend line's fd field name descriptors, so a script can match them with <c>ss -p</c> or <c>/proc/PID/fd</c>).
/// -1 when the transport has no socket of its own.
/// </summary>
public static class SocketDescriptor
{
    public const int Unknown = -1;

    public static int Of(ConnectionContext connection) =>
        connection is Epoll.EpollConnection epoll ? epoll.Descriptor
        : connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket ? Of(socket) : Unknown;

    public static int Of(Socket socket)
    {
        try
        {
            return (int)socket.SafeHandle.DangerousGetHandle();
        }
        catch (ObjectDisposedException)
        {
            return Unknown;
        }
    }
}
