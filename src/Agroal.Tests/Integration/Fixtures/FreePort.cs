using System.Net;
using System.Net.Sockets;

namespace Agroal.Tests.Integration.Fixtures;

/// <summary>A loopback TCP port that was free a moment ago. Callers retry on the rare collision.</summary>
public static class FreePort
{
    public static int Get()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
