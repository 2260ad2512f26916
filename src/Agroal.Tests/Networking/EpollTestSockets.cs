using System.Net;
using System.Net.Sockets;
using Agroal.Actors.Networking.Epoll;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Tests.Networking;

/// <summary>Plain .NET sockets on the other end of the epoll engine's connections, and a probe of its descriptors.</summary>
internal static class EpollTestSockets
{
    /// <summary>An engine connection to a plain .NET socket accepted on loopback; <paramref name="configure"/> sets the engine's socket up before it connects.</summary>
    public static async Task<(ConnectionContext Connection, Socket Peer)> ConnectToPlainPeerAsync(EpollEngine engine, Action<Socket>? configure = null)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var connection = await engine.ConnectAsync(listener.LocalEndPoint!, configure ?? (static _ => { }), CancellationToken.None);
        return (connection, await listener.AcceptAsync());
    }

    public static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var collected = new MemoryStream();
        var buffer = new byte[65536];
        while (true)
        {
            var count = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(60));
            if (count == 0)
            {
                return collected.ToArray();
            }
            collected.Write(buffer, 0, count);
        }
    }

    /// <summary>"socket:[inode]" while the descriptor holds that socket; null once it is closed.</summary>
    public static string? SocketInode(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
