using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Agroal.Actors.Networking;

/// <summary>
/// pgagroal's <c>keep_alive</c> and <c>nodelay</c> on an accepted client socket. Applied per accepted socket rather
/// than once on the listener, so a reload changes them for every client that connects afterwards.
/// </summary>
public static class ClientSocketOptions
{
    public static void Apply(ConnectionContext connection, bool keepAlive, bool noDelay)
    {
        if (connection is Epoll.EpollConnection accepted)
        {
            accepted.ApplyTcpOptions(keepAlive, noDelay);
            return;
        }
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            Apply(socket, keepAlive, noDelay);
        }
    }

    public static void Apply(Socket socket, bool keepAlive, bool noDelay)
    {
        // A Unix socket has neither option; setting them would throw.
        if (socket.ProtocolType != ProtocolType.Tcp)
        {
            return;
        }
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, keepAlive);
            socket.NoDelay = noDelay;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The client is already gone; its session will notice on the first read.
        }
    }
}
