using System.Net;
using System.Net.Sockets;

namespace Agroal.RelayFloor;

/// <summary>
/// The relay as a .NET application would write it: Socket.ReceiveAsync/SendAsync, one async loop per direction.
/// Whatever this costs beyond the epoll engine is the price of the runtime's socket layer (its own epoll thread,
/// the speculative recv that comes back EAGAIN before every wait, the continuation dispatch). The benchmark script
/// sets DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 so continuations run on the runtime's epoll thread instead
/// of hopping to the thread pool: that is the cheapest configuration the runtime offers, which is what a floor needs.
/// </summary>
internal static class SocketRelay
{
    private const int BufferSize = 16 * 1024;

    public static void Start(RelayOptions options)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, options.ListenPort));
        listener.Listen(4096);
        var postgres = new IPEndPoint(IPAddress.Loopback, options.PostgresPort);
        _ = AcceptForeverAsync(listener, postgres);
    }

    private static async Task AcceptForeverAsync(Socket listener, IPEndPoint postgres)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                // A client that resets while still in the backlog must not end the accept loop.
                Console.Error.WriteLine($"accept: {e.SocketErrorCode}");
                continue;
            }
            _ = RelayConnectionAsync(client, postgres);
        }
    }

    private static async Task RelayConnectionAsync(Socket client, IPEndPoint postgres)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            client.NoDelay = true;
            server.NoDelay = true;
            try
            {
                await server.ConnectAsync(postgres).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                Console.Error.WriteLine($"connect to PostgreSQL: {e.SocketErrorCode}");
                return;
            }
            var clientToServer = CopyUntilClosedAsync(client, server);
            var serverToClient = CopyUntilClosedAsync(server, client);
            await Task.WhenAny(clientToServer, serverToClient).ConfigureAwait(false);
            // Either side closing ends the session: shutting both down wakes the other loop's pending receive.
            ShutdownQuietly(client);
            ShutdownQuietly(server);
            await Task.WhenAll(clientToServer, serverToClient).ConfigureAwait(false);
        }
    }

    /// <summary>Never throws: a reset or a disposed socket is just the end of this direction.</summary>
    private static async Task CopyUntilClosedAsync(Socket source, Socket destination)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var received = await source.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    return;
                }
                var sent = 0;
                while (sent < received)
                {
                    sent += await destination.SendAsync(buffer.AsMemory(sent, received - sent), SocketFlags.None)
                        .ConfigureAwait(false);
                }
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static void ShutdownQuietly(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
