using System.Net.Sockets;

namespace Agroal.Actors.Pool.Backend;

/// <summary>
/// Whether a server accepts a connection at all (TCP or its Unix socket), without logging in: the health check's first
/// step and the failover coordinator's confirmation that a primary is really gone.
/// </summary>
public static class ServerReachability
{
    /// <summary>Null when the server accepted the connection, else why not.</summary>
    public static async Task<string?> ProbeAsync(ServerEndpoint endpoint, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var socket = endpoint.IsUnixSocket
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.IsUnixSocket)
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.UnixSocketPath), deadline.Token).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token).ConfigureAwait(false);
            }
            return null;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return ex.Message;
        }
    }
}
