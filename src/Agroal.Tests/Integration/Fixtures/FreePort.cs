using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Agroal.Tests.Integration.Fixtures;

/// <summary>
/// A loopback TCP port that was free a moment ago, for a server a test starts next. The ports come from just below
/// the kernel's ephemeral range: a port from bind(0) lies inside that range, where every outgoing connection of the
/// run (Npgsql, the pooler's backends, pgbench) also takes its local port, and one of them could take it before the
/// server binds it ("Address already in use", seen in a cluster test). Below the range only listeners bind, and each
/// port is handed out once per test process.
/// </summary>
public static class FreePort
{
    private const int SpanBelowEphemeral = 12000;
    private const int LowestPort = 10000;

    private static readonly (int Start, int Count) Band = ChooseBand();
    // A random start, so that two test processes on one machine rarely walk the same ports.
    private static int _handedOut = Random.Shared.Next(Band.Count);

    public static int Get()
    {
        for (var attempt = 0; attempt < Band.Count; attempt++)
        {
            var port = Band.Start + (int)((uint)Interlocked.Increment(ref _handedOut) % (uint)Band.Count);
            if (IsFree(port))
            {
                return port;
            }
        }
        return FromKernel();
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FromKernel()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static (int Start, int Count) ChooseBand()
    {
        var ephemeralLow = 32768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            ephemeralLow = int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or an unusual /proc: the kernel's default range.
        }
        var start = Math.Max(LowestPort, ephemeralLow - SpanBelowEphemeral);
        var count = ephemeralLow - start;
        // A range reaching down below LowestPort leaves no band: every port is then a kernel-chosen one.
        return count > 0 ? (start, count) : (ephemeralLow, 0);
    }
}
