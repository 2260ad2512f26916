using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// A socket driven by an <see cref="EpollLoop"/>, seen by the pooler as Kestrel's transport connection: an input pipe
/// the loop fills (or, while a relay holds it, an <see cref="IDirectReceiver"/> the loop hands each receive to), and
/// an output (<see cref="EpollSocketWriter"/>) whose bytes go out with send(2) on the thread that flushed them.
/// The descriptor is closed once both halves have ended (the receive side: end of stream, an error or our own
/// shutdown; the send side: the output completed or the connection aborted), as Kestrel's socket transport releases a
/// socket after Abort or DisposeAsync.
/// </summary>
internal sealed partial class EpollConnection : ConnectionContext, IDuplexPipe, IConnectionSocketFeature, IConnectionIdFeature,
    IConnectionTransportFeature, IConnectionItemsFeature, IConnectionLifetimeFeature, IConnectionEndPointFeature
{
    /// <summary>Kestrel's defaults for a connection's read and write buffers (MaxReadBufferSize 1 MiB, MaxWriteBufferSize 64 KiB).</summary>
    private static readonly PipeOptions InputOptions = new(
        pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024,
        readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false);

    private static long _lastId;

    private readonly EpollLoop _loop;
    /// <summary>
    /// The .NET socket over the descriptor: given for a backend (its connect and options need it), made only on request
    /// for an accepted client, whose login would otherwise pay the socket's probing of the descriptor.
    /// </summary>
    private Socket? _socket;
    private readonly int _fd;
    /// <summary>An accepted client's local endpoint is read from the descriptor only if someone asks for it.</summary>
    private bool _localEndPointKnown;
    private EndPoint? _localEndPoint;
    /// <summary>TCP, not a Unix socket: keepalive and nodelay apply.</summary>
    private readonly bool _isTcp;
    private readonly Pipe _input = new(InputOptions);
    private readonly EpollSocketWriter _writer;
    private readonly EpollConnectionFeatures _features;
    /// <summary>
    /// Made when someone first asks for <see cref="ConnectionClosed"/> (the pool does, for each backend; nothing does
    /// for a client): a client's end then queues no thread-pool work to cancel a token nobody holds.
    /// </summary>
    private CancellationTokenSource? _closedSource;
    private int _closedSignalled;
    /// <summary>
    /// Completed where the descriptor is closed, continuations included: Kestrel's end of the connection then runs on
    /// that thread instead of waking a thread-pool worker for it.
    /// </summary>
    private readonly TaskCompletionSource _released = new();
    /// <summary>Orders sends, shutdown(2) and close(2) of the descriptor; the writer's lock too.</summary>
    private readonly Lock _descriptorGate;
    private bool _descriptorClosed;

    /// <summary>Two while the receive and the send sides run; the one that brings it to zero closes the descriptor.</summary>
    private int _liveHalves = 2;

    public EpollConnection(EpollLoop loop, Socket socket, EndPoint? localEndPoint, EndPoint? remoteEndPoint, bool connecting)
        : this(loop, (int)socket.SafeHandle.DangerousGetHandle(), socket, socket.ProtocolType == ProtocolType.Tcp, remoteEndPoint, connecting)
    {
        LocalEndPoint = localEndPoint;
    }

    /// <summary>An accepted TCP client's descriptor, straight from accept4 (its peer's address came with it); the connection owns it from here on.</summary>
    public EpollConnection(EpollLoop loop, int descriptor, IPEndPoint remoteEndPoint)
        : this(loop, descriptor, null, isTcp: true, remoteEndPoint, connecting: false)
    {
    }

    private EpollConnection(EpollLoop loop, int descriptor, Socket? socket, bool isTcp, EndPoint? remoteEndPoint, bool connecting)
    {
        _loop = loop;
        _socket = socket;
        _isTcp = isTcp;
        _localEndPointKnown = socket is not null;
        _fd = descriptor;
        RemoteEndPoint = remoteEndPoint;
        ConnectionId = "E" + Interlocked.Increment(ref _lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Transport = this;
        _features = new EpollConnectionFeatures(this);
        _flushed = OnFlushed;
        _receive = connecting ? ReceiveState.Connecting : ReceiveState.Receiving;
        if (connecting)
        {
            // Before the registration: its first edge may be the one that says the connect finished.
            _connectWaiter = new TaskCompletionSource();
            Connected = _connectWaiter.Task;
        }
        // Allocated together, so that a relay's send, which loads the writer and then takes its lock, mostly finds
        // both in one cache line instead of missing twice.
        _descriptorGate = new Lock();
        _writer = new EpollSocketWriter(this, _descriptorGate);
        _loop.Register(this, _fd);
    }

    /// <summary>For a socket registered while its connect was in progress: completes at its first writable or error edge.</summary>
    internal Task Connected { get; } = Task.CompletedTask;

    /// <summary>The connect finished (the caller checked SO_ERROR): start receiving, on the loop.</summary>
    internal void StartReceiving() => _loop.PostResume(this);

    /// <summary>Ends the receive side on the loop whatever the socket says: for a connect that failed or timed out.</summary>
    internal void EndReceiving() => _loop.PostEnd(this);

    /// <summary>The connection's place in its loop's table; set by the loop under its lock.</summary>
    internal int Slot { get; set; }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features => _features;

    /// <summary>Made on first use: nothing in the pooler keeps items on a connection.</summary>
    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    private IDictionary<object, object?>? _items;

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed
    {
        get => ClosedSource().Token;
        set => throw new NotSupportedException("the transport owns ConnectionClosed");
    }

    public override EndPoint? LocalEndPoint
    {
        get
        {
            // The flag is published after the value (and read before it), so a reader on another core sees both.
            if (!Volatile.Read(ref _localEndPointKnown))
            {
                lock (_descriptorGate)
                {
                    if (!_localEndPointKnown && !_descriptorClosed)
                    {
                        _localEndPoint = Sockaddr.LocalOf(_fd);
                        Volatile.Write(ref _localEndPointKnown, true);
                    }
                }
            }
            return _localEndPoint;
        }
        set
        {
            _localEndPoint = value;
            Volatile.Write(ref _localEndPointKnown, true);
        }
    }

    public override EndPoint? RemoteEndPoint { get; set; }

    /// <summary>The descriptor's number, for the tracker's lines; the number stays after the close.</summary>
    internal int Descriptor => _fd;

    public Socket Socket
    {
        get
        {
            if (_socket is { } socket)
            {
                return socket;
            }
            lock (_descriptorGate)
            {
                ObjectDisposedException.ThrowIf(_descriptorClosed, typeof(Socket));
                // It owns the descriptor from now on, and closes it as the backends' sockets are closed: gracefully. A bare
                // SafeSocketHandle would close it abortively (SO_LINGER 0), and a reset can cost the peer its last bytes.
                return _socket ??= new Socket(new SafeSocketHandle((IntPtr)_fd, ownsHandle: true));
            }
        }
    }

    /// <summary>pgagroal's keep_alive and nodelay, set on the descriptor itself; nothing for a Unix socket.</summary>
    internal unsafe void ApplyTcpOptions(bool keepAlive, bool noDelay)
    {
        if (!_isTcp)
        {
            return;
        }
        lock (_descriptorGate)
        {
            if (_descriptorClosed)
            {
                return;
            }
            // Failures mean the client is already gone; its session notices on the first read.
            var value = keepAlive ? 1 : 0;
            EpollInterop.SetSocketOption(_fd, EpollInterop.SocketLevel, EpollInterop.SocketKeepAlive, &value, sizeof(int));
            value = noDelay ? 1 : 0;
            EpollInterop.SetSocketOption(_fd, EpollInterop.TcpLevel, EpollInterop.TcpNoDelay, &value, sizeof(int));
        }
    }

    PipeReader IDuplexPipe.Input => _input.Reader;

    PipeWriter IDuplexPipe.Output => _writer;

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _abortReason ??= abortReason;
        // The writer first: once the socket is shut down, its hang-up edge would fail a queued send with EPIPE, and a
        // flush waiting on it would throw instead of saying that the output is over.
        _writer.Abort();
        Shutdown();
    }

    public override void Abort() => Abort(new ConnectionAbortedException("The connection was aborted by the application."));

    public override async ValueTask DisposeAsync()
    {
        _input.Reader.Complete();
        _writer.Complete();
        // The send side shuts the socket down once its bytes are out, so the receive side ends too; wait for the descriptor.
        await _released.Task.ConfigureAwait(false);
    }

    /// <summary>shutdown(2) both ways, unless the descriptor is already closed (its number may belong to another socket by now).</summary>
    private void Shutdown()
    {
        lock (_descriptorGate)
        {
            if (_descriptorClosed)
            {
                return;
            }
            // ENOTCONN when not connected (any more): the receive side sees the end by itself.
            EpollInterop.Shutdown(_fd, EpollInterop.ShutdownBoth);
        }
    }

    /// <summary>
    /// The half that ends last closes the descriptor, on whichever thread it ends. That is safe off the loop: the loop
    /// calls recv only while the receive side runs, and it ended on the loop itself, after its last recv. close(2)
    /// takes the socket out of the epoll set; an event of it the loop already fetched finds the slot's generation
    /// moved on, or this connection with nothing left to do.
    /// </summary>
    private void HalfEnded()
    {
        if (Interlocked.Decrement(ref _liveHalves) != 0)
        {
            return;
        }
        lock (_descriptorGate)
        {
            _descriptorClosed = true;
            if (_socket is { } socket)
            {
                socket.Dispose();
            }
            else
            {
                EpollInterop.Close(_fd);
            }
        }
        _loop.Release(this);
        _released.TrySetResult();
    }

    private CancellationTokenSource ClosedSource()
    {
        if (Volatile.Read(ref _closedSource) is { } existing)
        {
            return existing;
        }
        var created = new CancellationTokenSource();
        var source = Interlocked.CompareExchange(ref _closedSource, created, null) ?? created;
        if (source == created && Volatile.Read(ref _closedSignalled) != 0)
        {
            // The connection ended before anyone asked: the token is born cancelled. (SignalClosed may also cancel
            // it, if it read the field after this exchange; a second Cancel does nothing.)
            created.Cancel();
        }
        return source;
    }

    /// <summary>ConnectionClosed's callbacks may do real work (the pool's eviction of a dead backend); not on the loop.</summary>
    private void SignalClosed()
    {
        // The exchange orders the flag before the read of the field, as ClosedSource orders its exchange before the
        // read of the flag: at least one of the two sees the other and cancels.
        Interlocked.Exchange(ref _closedSignalled, 1);
        if (Volatile.Read(ref _closedSource) is { } source)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static source => source.Cancel(), source, preferLocal: false);
        }
    }
}
