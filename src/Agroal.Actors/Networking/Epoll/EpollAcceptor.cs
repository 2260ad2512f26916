using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// A listening socket on an epoll loop. Each readable edge accepts every pending client with accept4 on the loop
/// thread and hands it to <c>onAccepted</c> right there, so a login reaches its session without waking another
/// thread; .NET's accept would have woken its own socket thread and then a thread-pool worker for every client.
/// </summary>
internal sealed unsafe class EpollAcceptor : IDisposable
{
    /// <summary>How long to wait before accepting again when the process or the system is out of descriptors.</summary>
    private static readonly TimeSpan ResourceRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly EpollEngine _engine;
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly Action<ConnectionContext> _onAccepted;
    private readonly ILogger _log;
    private readonly Timer _retry;
    private volatile bool _closed;

    private EpollAcceptor(EpollEngine engine, Socket socket, Action<ConnectionContext> onAccepted, ILogger log)
    {
        _engine = engine;
        _socket = socket;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _onAccepted = onAccepted;
        _log = log;
        _retry = new Timer(static state => ((EpollAcceptor)state!).AcceptPending(), this, Timeout.Infinite, Timeout.Infinite);
        EndPoint = socket.LocalEndPoint!;
    }

    /// <summary>The bound address: the port chosen for port 0, the path of a Unix socket.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>Binds and listens on <paramref name="endPoint"/>, then watches it on <paramref name="loop"/>.</summary>
    /// <exception cref="AddressInUseException">Someone else listens there (Kestrel's exception, which callers already report).</exception>
    public static EpollAcceptor Listen(EpollEngine engine, EpollLoop loop, EndPoint endPoint, int backlog, Action<ConnectionContext> onAccepted, ILogger log)
    {
        var socket = EpollEngine.StreamSocketFor(endPoint);
        try
        {
            // As Kestrel: an IPv6 any-address listener takes IPv4 clients too.
            if (endPoint is IPEndPoint { Address: var address } && address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            socket.Bind(endPoint);
            socket.Listen(backlog);
            socket.Blocking = false;
            var acceptor = new EpollAcceptor(engine, socket, onAccepted, log);
            loop.Register(acceptor, acceptor._fd);
            // Clients that connected between listen and the registration raised their edge before anyone watched.
            acceptor.AcceptPending();
            return acceptor;
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
    }

    /// <summary>
    /// Until the backlog is empty: an edge-triggered socket raises no new edge for clients already waiting. On the
    /// loop, or on the retry timer after a shortage of descriptors; both may run at once, which accept4 allows.
    /// </summary>
    internal void AcceptPending()
    {
        var peer = stackalloc byte[EpollInterop.AddressStorageSize];
        while (!_closed)
        {
            int fd;
            var peerLength = (uint)EpollInterop.AddressStorageSize;
            lock (_socket)
            {
                // Under the lock: once Dispose closed the descriptor, its number may already belong to another socket.
                if (_closed)
                {
                    return;
                }
                fd = EpollInterop.Accept(_fd, peer, &peerLength, EpollInterop.AcceptNonBlockingCloseOnExec);
            }
            if (fd < 0)
            {
                var error = EpollInterop.LastError;
                switch (error)
                {
                    case EpollInterop.ErrorWouldBlock:
                        return;
                    case EpollInterop.ErrorTooManyFiles or EpollInterop.ErrorTooManyFilesInSystem or EpollInterop.ErrorNoBuffers or EpollInterop.ErrorNoMemory:
                        // The pending clients stay in the backlog and raise no new edge: look again shortly.
                        EpollLog.AcceptDeferred(_log, EndPoint.ToString() ?? "", error, (int)ResourceRetryDelay.TotalMilliseconds);
                        _retry.Change(ResourceRetryDelay, Timeout.InfiniteTimeSpan);
                        return;
                    default:
                        // A client that reset before we took it, or an interrupted call: the next one.
                        continue;
                }
            }
            // A TCP client is adopted from accept4's own answer, without a .NET socket; a Unix one has no IP address.
            Hand(fd, Sockaddr.ToEndPoint(peer, (int)peerLength));
        }
    }

    private void Hand(int fd, IPEndPoint? peer)
    {
        ConnectionContext connection;
        if (peer is not null)
        {
            try
            {
                connection = _engine.Adopt(fd, peer);
            }
            catch (SocketException)
            {
                // The loop could not watch it (epoll_ctl out of memory): nobody owns the descriptor but us.
                EpollInterop.Close(fd);
                return;
            }
        }
        else
        {
            var handle = new SafeSocketHandle(fd, ownsHandle: true);
            try
            {
                connection = _engine.Adopt(new Socket(handle));
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Gone before we could look at it (a reset peer): the descriptor is closed, by Adopt or here.
                handle.Dispose();
                return;
            }
        }
        try
        {
            _onAccepted(connection);
        }
        catch (Exception ex)
        {
            EpollLog.HandlerFailed(_log, connection.ConnectionId, ex);
            connection.Abort();
        }
    }

    /// <summary>Stops accepting: closing the socket takes it out of the loop's set; a Unix socket's file is removed.</summary>
    public void Dispose()
    {
        lock (_socket)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _socket.Dispose();
        }
        _retry.Dispose();
        // pgagroal removes its socket files when it stops; a file left behind would only mislead clients.
        if (EndPoint is UnixDomainSocketEndPoint unix && unix.ToString() is { Length: > 0 } path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's now, or already gone.
            }
        }
    }
}
