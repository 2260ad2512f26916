using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// One thread waiting on one edge-triggered epoll set. Every receive of its connections runs here, and so does the
/// code the received bytes wake (the pipes schedule inline), the way PgBouncer's event loop runs its relay: no hop to
/// another thread between a socket becoming readable and the bytes going out on the other side. Work that arrives
/// from other threads (a paused receive to resume, a receive side to end) comes through a queue and an eventfd.
/// </summary>
internal sealed unsafe class EpollLoop : IDisposable
{
    private const int MaxEventsPerWait = 256;

    /// <summary>
    /// Tokens carry a slot in the low half and a generation in the high half. A connection's generation never takes
    /// the value below: it marks an acceptor's token, whose low half indexes <see cref="_acceptors"/>.
    /// </summary>
    private const uint AcceptorGeneration = uint.MaxValue;

    /// <summary>The eventfd's token: the acceptor mark with an index no acceptor has.</summary>
    private const ulong WakeToken = ulong.MaxValue;

    private readonly int _epollFd;
    private readonly int _wakeFd;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<LoopRequest> _requests = new();
    private readonly object _slotsGate = new();

    /// <summary>Indexed by slot; a closed connection's slot goes back to the free list and its generation voids old tokens.</summary>
    private EpollConnection?[] _slots = new EpollConnection?[64];
    private uint[] _generations = new uint[64];
    private readonly Stack<int> _freeSlots = new();
    /// <summary>Listening sockets watched by this loop; replaced whole under the slots' lock, read without it.</summary>
    private EpollAcceptor[] _acceptors = [];
    private int _slotsUsed;
    private volatile bool _stopping;
    private int _wakePending;

    private readonly Microsoft.Extensions.Logging.ILogger _log;

    public EpollLoop(string name, Microsoft.Extensions.Logging.ILogger log)
    {
        _log = log;
        _epollFd = EpollInterop.EpollCreate(EpollInterop.EpollCloseOnExec);
        if (_epollFd < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno={EpollInterop.LastError}");
        }
        _wakeFd = EpollInterop.EventFd(0, EpollInterop.EventFdNonBlocking | EpollInterop.EventFdCloseOnExec);
        if (_wakeFd < 0 || !EpollInterop.Control(_epollFd, EpollInterop.ControlAdd, _wakeFd, EpollInterop.EpollIn | EpollInterop.EpollEdgeTriggered, WakeToken))
        {
            var error = EpollInterop.LastError;
            EpollInterop.Close(_epollFd);
            throw new InvalidOperationException($"eventfd for the epoll loop failed: errno={error}");
        }
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.UnsafeStart();
    }

    public bool IsLoopThread => Thread.CurrentThread == _thread;

    /// <summary>Watches a socket for the connection: readable, writable and peer-closed edges from now on.</summary>
    public void Register(EpollConnection connection, int fd)
    {
        ulong token;
        lock (_slotsGate)
        {
            if (!_freeSlots.TryPop(out var slot))
            {
                if (_slotsUsed == _slots.Length)
                {
                    var slots = _slots;
                    var generations = _generations;
                    Array.Resize(ref generations, generations.Length * 2);
                    Array.Resize(ref slots, slots.Length * 2);
                    // Generations first: the loop reads the slot array, then the generation of what it found.
                    _generations = generations;
                    _slots = slots;
                }
                slot = _slotsUsed++;
            }
            _slots[slot] = connection;
            connection.Slot = slot;
            token = ((ulong)_generations[slot] << 32) | (uint)slot;
        }
        const uint interest = EpollInterop.EpollIn | EpollInterop.EpollOut | EpollInterop.EpollPeerClosedWrite | EpollInterop.EpollEdgeTriggered;
        if (!EpollInterop.Control(_epollFd, EpollInterop.ControlAdd, fd, interest, token))
        {
            var error = EpollInterop.LastError;
            ReleaseSlot(connection.Slot);
            throw SocketErrors.FromErrno(error);
        }
    }

    /// <summary>Watches a listening socket: its readable edges run the acceptor's accept round on this loop.</summary>
    public void Register(EpollAcceptor acceptor, int fd)
    {
        ulong token;
        lock (_slotsGate)
        {
            var acceptors = new EpollAcceptor[_acceptors.Length + 1];
            _acceptors.CopyTo(acceptors, 0);
            acceptors[^1] = acceptor;
            _acceptors = acceptors;
            token = ((ulong)AcceptorGeneration << 32) | (uint)(acceptors.Length - 1);
        }
        if (!EpollInterop.Control(_epollFd, EpollInterop.ControlAdd, fd, EpollInterop.EpollIn | EpollInterop.EpollEdgeTriggered, token))
        {
            throw SocketErrors.FromErrno(EpollInterop.LastError);
        }
    }

    /// <summary>Runs <paramref name="connection"/>'s receive again on the loop once its pipe has room.</summary>
    public void PostResume(EpollConnection connection) => Post(new LoopRequest(connection, LoopRequest.Kind.Resume));

    /// <summary>Ends a connection's receive side on the loop, whatever its socket says.</summary>
    public void PostEnd(EpollConnection connection) => Post(new LoopRequest(connection, LoopRequest.Kind.End));

    /// <summary>Hands <paramref name="connection"/>'s received bytes to <paramref name="receiver"/> from its next receive on.</summary>
    public void PostAttach(EpollConnection connection, IDirectReceiver receiver) => Post(new LoopRequest(connection, LoopRequest.Kind.Attach, receiver));

    /// <summary>Gives <paramref name="connection"/>'s received bytes back to its input pipe, if <paramref name="receiver"/> still has them.</summary>
    public void PostDetach(EpollConnection connection, IDirectReceiver receiver) => Post(new LoopRequest(connection, LoopRequest.Kind.Detach, receiver));

    /// <summary>Has <paramref name="receiver"/> look at its state again on <paramref name="connection"/>'s loop.</summary>
    public void PostPoke(EpollConnection connection, IDirectReceiver receiver) => Post(new LoopRequest(connection, LoopRequest.Kind.Poke, receiver));

    /// <summary>
    /// Where a connection with a direct receiver receives: the receiver consumes the bytes before the call returns, so
    /// one buffer serves every connection of the loop. Pinned, because each receive fixes it.
    /// </summary>
    internal byte[] ReceiveBuffer { get; } = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);

    private void Post(LoopRequest request)
    {
        _requests.Enqueue(request);
        // The loop drains the queue after every batch of events; from its own thread no wake-up is needed.
        if (!IsLoopThread && Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            ulong one = 1;
            EpollInterop.Write(_wakeFd, &one, sizeof(ulong));
        }
    }

    /// <summary>Frees a closed connection's slot; closing its descriptor already took it out of the epoll set.</summary>
    public void Release(EpollConnection connection) => ReleaseSlot(connection.Slot);

    private void ReleaseSlot(int slot)
    {
        lock (_slotsGate)
        {
            _slots[slot] = null;
            if (++_generations[slot] == AcceptorGeneration)
            {
                _generations[slot] = 0;
            }
            _freeSlots.Push(slot);
        }
    }

    private void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEventsPerWait * EpollInterop.EventSize));
        try
        {
            while (!_stopping)
            {
                // Work queued by the last round (a receive round that stopped at its limit) must not wait for an edge.
                var count = EpollInterop.EpollWait(_epollFd, events, MaxEventsPerWait, _requests.IsEmpty ? -1 : 0, out var errno);
                LoopTime.NewRound();
                if (count < 0)
                {
                    if (errno == EpollInterop.ErrorInterrupted)
                    {
                        continue;
                    }
                    throw new InvalidOperationException($"epoll_wait failed: errno={errno}");
                }
                DispatchBatch(events, count);
                DrainRequests();
            }
            CloseEverything();
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    /// <summary>
    /// A method of its own rather than the body of <see cref="Run"/>'s loop: <see cref="Run"/> never returns, so its
    /// code only ever reaches the runtime's on-stack-replacement tier, while this is compiled like any hot method
    /// (and kept out of <see cref="Run"/>, where inlining would put it back).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void DispatchBatch(byte* events, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var token = EpollInterop.DataAt(events, i);
            if (token == WakeToken)
            {
                // Drained before the flag is cleared: a wake written between the two would be read here and its
                // edge dropped (epoll reports an edge only while the eventfd still reads), leaving the flag set for
                // good and every later post from another thread waiting for some socket's edge. Cleared after,
                // a post meanwhile sees the flag still set and writes nothing, and the drain after this batch
                // takes its request; a post after writes a wake that is still there at the next epoll_wait.
                ulong drained;
                EpollInterop.Read(_wakeFd, &drained, sizeof(ulong));
                Volatile.Write(ref _wakePending, 0);
                continue;
            }
            if ((uint)(token >> 32) == AcceptorGeneration)
            {
                // A closed acceptor stays in the table: closing its socket already took it out of the set.
                _acceptors[(int)(uint)token].AcceptPending();
                continue;
            }
            var slot = (int)(uint)token;
            var slots = _slots;
            var connection = slot < slots.Length ? slots[slot] : null;
            // An earlier event of this batch may have closed it, and a newer connection may own the slot.
            if (connection is not null && _generations[slot] == (uint)(token >> 32))
            {
                Dispatch(connection, EpollInterop.EventsAt(events, i));
            }
        }
    }

    /// <summary>
    /// The code a receive wakes runs inside this call; whatever it throws ends that connection only, never the loop
    /// and the other connections on it.
    /// </summary>
    private void Dispatch(EpollConnection connection, uint readiness)
    {
        try
        {
            connection.OnReadiness(readiness);
        }
        catch (Exception ex)
        {
            EpollLog.HandlerFailed(_log, connection.ConnectionId, ex);
            connection.Abort();
        }
    }

    /// <summary>
    /// Only what was queued before it started: a fast stream re-queues its next receive round, and the sockets with
    /// edges waiting in epoll get their turn in between.
    /// </summary>
    private void DrainRequests()
    {
        for (var pending = _requests.Count; pending > 0 && _requests.TryDequeue(out var request); pending--)
        {
            try
            {
                switch (request.What)
                {
                    case LoopRequest.Kind.Resume:
                        request.Connection.ResumeReceive();
                        break;
                    case LoopRequest.Kind.Attach:
                        request.Connection.AttachOnLoop(request.Receiver!);
                        break;
                    case LoopRequest.Kind.Detach:
                        request.Connection.DetachOnLoop(request.Receiver!);
                        break;
                    case LoopRequest.Kind.Poke:
                        request.Connection.PokeOnLoop(request.Receiver!);
                        break;
                    default:
                        request.Connection.EndReceiveOnLoop();
                        break;
                }
            }
            catch (Exception ex)
            {
                EpollLog.HandlerFailed(_log, request.Connection.ConnectionId, ex);
                request.Connection.Abort();
            }
        }
    }

    /// <summary>
    /// The engine stops after the pooler closed its sockets; whatever is still open here (a close still in the queue, a
    /// connection nobody disposed) is aborted and closed so that no descriptor outlives the loop.
    /// </summary>
    private void CloseEverything()
    {
        while (!_requests.IsEmpty)
        {
            DrainRequests();
        }
        EpollConnection?[] open;
        lock (_slotsGate)
        {
            open = (EpollConnection?[])_slots.Clone();
        }
        foreach (var connection in open)
        {
            if (connection is not null)
            {
                connection.Abort();
                connection.EndReceiveOnLoop();
            }
        }
        while (!_requests.IsEmpty)
        {
            DrainRequests();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        ulong one = 1;
        EpollInterop.Write(_wakeFd, &one, sizeof(ulong));
        if (!IsLoopThread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }
        EpollInterop.Close(_wakeFd);
        EpollInterop.Close(_epollFd);
    }

    private readonly record struct LoopRequest(EpollConnection Connection, LoopRequest.Kind What, IDirectReceiver? Receiver = null)
    {
        public enum Kind
        {
            Resume,
            End,
            Attach,
            Detach,
            Poke,
        }
    }
}
