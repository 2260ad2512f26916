using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// Kestrel's transport for the client listeners (TCP and the Unix socket): accepted sockets go to the epoll engine.
/// Registered after Kestrel's socket transport, it is the one Kestrel asks first for the end points it can bind.
/// </summary>
public sealed class EpollListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly EpollEngine _engine;
    private readonly int _backlog;

    public EpollListenerFactory(EpollEngine engine, int backlog)
    {
        _engine = engine;
        _backlog = backlog;
    }

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint or UnixDomainSocketEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel: an IPv6 any-address listener takes IPv4 clients too.
            if (endpoint is IPEndPoint { Address: var address } && address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            socket.Bind(endpoint);
            socket.Listen(_backlog);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new AddressInUseException(ex.Message, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new ValueTask<IConnectionListener>(new EpollConnectionListener(_engine, socket, socket.LocalEndPoint!));
    }
}
