using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// The pooler's own socket engine (<c>ev_backend = epoll</c>, the default on Linux): client and backend sockets on the
/// same few epoll loops. .NET's socket engine tries every receive before it waits for readiness, which in a
/// request-response protocol fails once per message (dotnet/runtime#43966) and costs a recv, an epoll round and a
/// thread wake; these loops receive only when the kernel said there is something to read, as PgBouncer does.
/// </summary>
public sealed class EpollEngine : IDisposable
{
    private readonly EpollLoop[] _loops;
    private readonly ILogger _log;
    private int _next;

    public EpollEngine(ILoggerFactory loggerFactory, int loops = 0)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("the epoll socket engine needs Linux on x86-64 or arm64");
        }
        var log = _log = loggerFactory.CreateLogger("Agroal.Actors.Networking.Epoll");
        // Everything a message wakes runs on its loop, so one loop is one core's worth of relaying; half the cores
        // leaves the rest to PostgreSQL on a shared host, and the actors and logins to the thread pool.
        var count = loops > 0 ? loops : Math.Max(1, Environment.ProcessorCount / 2);
        _loops = new EpollLoop[count];
        for (var i = 0; i < count; i++)
        {
            _loops[i] = new EpollLoop($"agroal-epoll-{i}", log);
        }
        EpollLog.EngineStarted(log, count);
    }

    public static bool IsSupported => EpollInterop.IsSupported;

    private EpollLoop NextLoop() => _loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)_loops.Length)];

    /// <summary>
    /// Listens on <paramref name="endPoint"/>. Each client accepted there is adopted by the engine and handed to
    /// <paramref name="onAccepted"/> on the thread that accepted it (a loop), which should start its work inline.
    /// </summary>
    /// <exception cref="AddressInUseException">Someone else listens there.</exception>
    internal EpollAcceptor Listen(EndPoint endPoint, int backlog, Action<ConnectionContext> onAccepted) =>
        EpollAcceptor.Listen(this, NextLoop(), endPoint, backlog, onAccepted, _log);

    /// <summary>A stream socket of <paramref name="endPoint"/>'s family: TCP, or a Unix socket.</summary>
    internal static Socket StreamSocketFor(EndPoint endPoint) => endPoint is UnixDomainSocketEndPoint
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

    /// <summary>Takes over an accepted socket: from here on only this engine reads and writes it.</summary>
    internal ConnectionContext Adopt(Socket socket)
    {
        try
        {
            socket.Blocking = false;
            return new EpollConnection(NextLoop(), socket, socket.LocalEndPoint, socket.RemoteEndPoint, connecting: false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>An accepted TCP client's descriptor, already non-blocking (accept4's flag), with its peer's address.</summary>
    internal ConnectionContext Adopt(int descriptor, IPEndPoint peer) => new EpollConnection(NextLoop(), descriptor, peer);

    /// <summary>
    /// Connects without .NET's engine ever seeing the socket (an asynchronous connect would register it there too, and
    /// every later edge would wake its thread as well): a non-blocking connect, then the loop's writable edge.
    /// Each address of a host name is tried in turn, as libpq does.
    /// </summary>
    public async Task<ConnectionContext> ConnectAsync(EndPoint endPoint, Action<Socket> configure, CancellationToken cancellationToken)
    {
        if (endPoint is not DnsEndPoint named)
        {
            return await ConnectOnceAsync(endPoint, configure, cancellationToken).ConfigureAwait(false);
        }
        var addresses = await Dns.GetHostAddressesAsync(named.Host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await ConnectOnceAsync(new IPEndPoint(address, named.Port), configure, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private async Task<ConnectionContext> ConnectOnceAsync(EndPoint endPoint, Action<Socket> configure, CancellationToken cancellationToken)
    {
        var socket = StreamSocketFor(endPoint);
        EpollConnection? connection = null;
        try
        {
            configure(socket);
            socket.Blocking = false;
            try
            {
                socket.Connect(endPoint);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                // In progress: the loop's first writable or error edge says how it ended.
            }
            connection = new EpollConnection(NextLoop(), socket, null, endPoint, connecting: true);
            await connection.Connected.WaitAsync(cancellationToken).ConfigureAwait(false);
            // .NET reports SO_ERROR already translated to a SocketError.
            var error = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != 0)
            {
                throw error >= 10000 ? new SocketException(error) : SocketErrors.FromErrno(error);
            }
            connection.LocalEndPoint = socket.LocalEndPoint;
            connection.StartReceiving();
            return connection;
        }
        catch
        {
            if (connection is not null)
            {
                // A socket still connecting has no stream to shut down; its receive side is ended by hand.
                connection.EndReceiving();
                connection.Abort();
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }
            throw;
        }
    }

    /// <summary>After every listener and connection of the engine is gone: stops the loop threads.</summary>
    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }
}
