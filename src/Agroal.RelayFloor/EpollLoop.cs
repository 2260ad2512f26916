using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Agroal.RelayFloor;

/// <summary>
/// One edge-triggered epoll loop relaying the connection pairs it adopted. Only its own thread touches the pairs;
/// the acceptor hands pairs over through a queue and an eventfd.
/// </summary>
internal sealed unsafe class EpollLoop
{
    private const int MaxEventsPerWait = 256;

    /// <summary>Slot tokens carry a generation in the upper half, so this value can never be one of them.</summary>
    private const ulong WakeToken = ulong.MaxValue;

    private readonly int epollFd;
    private readonly int wakeFd;
    private readonly ConcurrentQueue<(int ClientFd, int ServerFd)> adoptedPairs = new();

    /// <summary>
    /// Pairs are kept after their connections close and reused by later ones, buffers included, so a steady stream
    /// of connections allocates nothing either.
    /// </summary>
    private RelayedPair[] pairs = new RelayedPair[64];
    private int pairsInUse;
    private readonly Stack<int> freeSlots = new();

    public EpollLoop()
    {
        epollFd = LibC.EpollCreate(LibC.EpollCloseOnExec);
        wakeFd = LibC.EventFd(0, LibC.EventFdNonBlocking | LibC.EventFdCloseOnExec);
        if (epollFd < 0 || wakeFd < 0)
        {
            throw new InvalidOperationException($"epoll_create1/eventfd: errno {LibC.LastError}");
        }
        var interest = new LibC.EpollEvent { Events = LibC.EpollIn | LibC.EpollEdgeTriggered, Data = WakeToken };
        if (LibC.EpollControl(epollFd, LibC.EpollAdd, wakeFd, &interest) < 0)
        {
            throw new InvalidOperationException($"epoll_ctl(eventfd): errno {LibC.LastError}");
        }
    }

    /// <summary>Called on the acceptor thread.</summary>
    public void Adopt(int clientFd, int serverFd)
    {
        adoptedPairs.Enqueue((clientFd, serverFd));
        ulong one = 1;
        LibC.Write(wakeFd, &one, sizeof(ulong));
    }

    public void Run()
    {
        var events = (LibC.EpollEvent*)NativeMemory.Alloc(MaxEventsPerWait, (nuint)sizeof(LibC.EpollEvent));
        while (true)
        {
            var count = LibC.EpollWait(epollFd, events, MaxEventsPerWait, -1);
            if (count < 0)
            {
                var error = LibC.LastError;
                if (error == LibC.ErrorInterrupted)
                {
                    continue;
                }
                Console.Error.WriteLine($"epoll_wait: errno {error}");
                Environment.Exit(3);
            }
            for (var i = 0; i < count; i++)
            {
                var token = events[i].Data;
                if (token == WakeToken)
                {
                    RegisterAdoptedPairs();
                    continue;
                }
                var pair = pairs[(int)(uint)token >> 1];
                // An earlier event of this batch may have closed the pair and a newer connection taken the slot.
                if (pair.Generation == (uint)(token >> 32))
                {
                    OnReady(pair, (token & 1) == RelayedPair.ServerSide, events[i].Events);
                }
            }
        }
    }

    private void RegisterAdoptedPairs()
    {
        ulong drained;
        LibC.Read(wakeFd, &drained, sizeof(ulong));
        while (adoptedPairs.TryDequeue(out var adopted))
        {
            var pair = TakeFreePair();
            pair.Open(adopted.ClientFd, adopted.ServerFd);
            // PostgreSQL speaks only after the startup packet, so the server socket can safely go first.
            if (!Watch(adopted.ServerFd, pair.TokenOf(adopted.ServerFd), 0)
                || !Watch(adopted.ClientFd, pair.TokenOf(adopted.ClientFd), 0))
            {
                Console.Error.WriteLine($"epoll_ctl ADD: errno {LibC.LastError}");
                ClosePair(pair);
            }
        }
    }

    private RelayedPair TakeFreePair()
    {
        if (freeSlots.TryPop(out var slot))
        {
            return pairs[slot];
        }
        if (pairsInUse == pairs.Length)
        {
            Array.Resize(ref pairs, pairs.Length * 2);
        }
        var pair = new RelayedPair(pairsInUse);
        pairs[pairsInUse++] = pair;
        return pair;
    }

    private void OnReady(RelayedPair pair, bool serverSide, uint readiness)
    {
        var outgoing = serverSide ? pair.ServerToClient : pair.ClientToServer;
        var incoming = serverSide ? pair.ClientToServer : pair.ServerToClient;
        if ((readiness & LibC.EpollOut) != 0 && incoming.HasUnsent)
        {
            if (!FlushUnsent(incoming, pair))
            {
                ClosePair(pair);
                return;
            }
        }
        // While this side's bytes still wait for the other side to drain, leave them in the kernel: that is the
        // back-pressure. FlushUnsent resumes the copy once the way is clear.
        const uint readable = LibC.EpollIn | LibC.EpollPeerClosedWrite | LibC.EpollHangUp | LibC.EpollError;
        if ((readiness & readable) != 0 && !outgoing.HasUnsent && !Copy(outgoing, pair))
        {
            ClosePair(pair);
        }
    }

    /// <summary>Returns false when the pair is finished: end of stream or a socket error on either side.</summary>
    private bool Copy(RelayDirection direction, RelayedPair pair)
    {
        while (true)
        {
            var received = LibC.Receive(direction.SourceFd, direction.Buffer, RelayDirection.BufferSize, 0);
            if (received > 0)
            {
                var sent = LibC.Send(direction.DestinationFd, direction.Buffer, (nuint)received, LibC.SendNoSignal);
                if (sent < 0)
                {
                    if (LibC.LastError != LibC.ErrorWouldBlock)
                    {
                        return false;
                    }
                    sent = 0;
                }
                if (sent < received)
                {
                    direction.UnsentOffset = (int)sent;
                    direction.UnsentEnd = (int)received;
                    return Watch(direction.DestinationFd, pair.TokenOf(direction.DestinationFd), LibC.EpollOut, LibC.EpollModify);
                }
                // A stream socket returns less than asked only when its receive queue is empty, and with an
                // edge-triggered registration any later arrival raises a new edge: no recv needed to see EAGAIN.
                if (received < RelayDirection.BufferSize)
                {
                    return true;
                }
                continue;
            }
            if (received == 0)
            {
                return false;
            }
            var error = LibC.LastError;
            if (error == LibC.ErrorWouldBlock)
            {
                return true;
            }
            if (error != LibC.ErrorInterrupted)
            {
                return false;
            }
        }
    }

    private bool FlushUnsent(RelayDirection direction, RelayedPair pair)
    {
        var destinationFd = direction.DestinationFd;
        while (direction.HasUnsent)
        {
            var sent = LibC.Send(
                destinationFd,
                direction.Buffer + direction.UnsentOffset,
                (nuint)(direction.UnsentEnd - direction.UnsentOffset),
                LibC.SendNoSignal);
            if (sent < 0)
            {
                var error = LibC.LastError;
                if (error == LibC.ErrorWouldBlock)
                {
                    return true;
                }
                if (error != LibC.ErrorInterrupted)
                {
                    return false;
                }
                continue;
            }
            direction.UnsentOffset += (int)sent;
        }
        direction.UnsentOffset = direction.UnsentEnd = 0;
        if (!Watch(destinationFd, pair.TokenOf(destinationFd), 0, LibC.EpollModify))
        {
            return false;
        }
        // The source was not read while the destination was full; its readiness edge is long gone.
        return Copy(direction, pair);
    }

    private bool Watch(int fd, ulong token, uint extraInterest, int operation = LibC.EpollAdd)
    {
        var interest = new LibC.EpollEvent
        {
            Events = LibC.EpollIn | LibC.EpollPeerClosedWrite | LibC.EpollEdgeTriggered | extraInterest,
            Data = token,
        };
        return LibC.EpollControl(epollFd, operation, fd, &interest) == 0;
    }

    private void ClosePair(RelayedPair pair)
    {
        // close removes both descriptors from the epoll set; the generation bump voids events already fetched.
        LibC.Close(pair.ClientFd);
        LibC.Close(pair.ServerFd);
        pair.Release();
        freeSlots.Push(pair.Slot);
    }
}
