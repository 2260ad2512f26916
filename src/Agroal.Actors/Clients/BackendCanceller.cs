using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Agroal.Actors.Pool;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients;

/// <summary>Sends a CancelRequest with a backend's real key on a fresh connection to its server, as libpq does.</summary>
public static class BackendCanceller
{
    public static async Task SendAsync(ServerEndpoint server, int processId, int secretKey, CancellationToken cancellationToken)
    {
        var packet = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(packet, 16);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), ProtocolCodes.CancelRequest);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(8), processId);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(12), secretKey);
        using var socket = server.IsUnixSocket
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        EndPoint endPoint = server.IsUnixSocket
            ? new UnixDomainSocketEndPoint(server.UnixSocketPath)
            : IPAddress.TryParse(server.Host, out var address) ? new IPEndPoint(address, server.Port) : new DnsEndPoint(server.Host, server.Port);
        await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(packet, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        // PostgreSQL closes the connection once it has read the request; waiting for that keeps the order with later queries.
        var sink = new byte[1];
        try
        {
            await socket.ReceiveAsync(sink, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
        }
    }
}
