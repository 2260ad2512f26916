using Agroal.Actors.Networking.Epoll;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// The relay run inside the epoll loops' receives when both sockets are the pooler's own plain ones (no TLS on
/// either side): each side's bytes are scanned in the loop's receive buffer and sent on with send(2) from it, with
/// no pipe, no awaited read and no task per direction. The session awaits one completion for the whole lease.
/// The bytes are followed, and the relay ends, exactly as the pipe relay (<see cref="RunAsync"/>) does.
/// </summary>
public sealed partial class SessionRelay
{
    private DirectSide? _clientSide;
    private DirectSide? _serverSide;
    private TaskCompletionSource<RelayEnd>? _directDone;

    /// <summary>0 while both sides relay; set once by the first side to end (or a stop), which detaches the other.</summary>
    private int _directEnding;
    private DirectSide? _firstToEnd;
    private int _directDetached;

    /// <summary>
    /// Relays between two epoll sockets until either side ends; both have given their input back to its pipe when
    /// this returns. A cancellation stops it as it stops <see cref="RunAsync"/>.
    /// </summary>
    internal async Task<RelayEnd> RunDirectAsync(EpollConnection client, EpollConnection server, CancellationToken cancellationToken)
    {
        var clientSide = _clientSide ??= new DirectSide(this, fromClient: true);
        var serverSide = _serverSide ??= new DirectSide(this, fromClient: false);
        clientSide.Start(client, server.Writer);
        serverSide.Start(server, client.Writer);
        _directEnding = 0;
        _directDetached = 0;
        _firstToEnd = null;
        var done = _directDone = new TaskCompletionSource<RelayEnd>();
        client.AttachReceiver(clientSide);
        server.AttachReceiver(serverSide);
        if (Volatile.Read(ref _directEnding) != 0)
        {
            // A side ended before the other's attach was queued (two loops): its detach request may have run first.
            client.DetachReceiver(clientSide);
            server.DetachReceiver(serverSide);
        }
        // Registered after both attaches, so that a stop's detach requests queue behind them.
        var stop = cancellationToken.UnsafeRegister(static relay => ((SessionRelay)relay!).StopDirect(), this);
        RelayEnd end;
        try
        {
            end = await done.Task.ConfigureAwait(false);
        }
        finally
        {
            stop.Dispose();
        }
        cancellationToken.ThrowIfCancellationRequested();
        return end;
    }

    private void StopDirect() => DirectSideEnded(null);

    /// <summary>The first side to end (null: a stop) asks the other side, or both, to give their bytes back.</summary>
    private void DirectSideEnded(DirectSide? side)
    {
        if (Interlocked.CompareExchange(ref _directEnding, 1, 0) != 0)
        {
            return;
        }
        _firstToEnd = side;
        if (side != _clientSide)
        {
            _clientSide!.RequestDetach();
        }
        if (side != _serverSide)
        {
            _serverSide!.RequestDetach();
        }
    }

    /// <summary>Once both sides let go, the lease's end is the first side's, unless that side was only stopped.</summary>
    private void DirectSideDetached()
    {
        if (Interlocked.Increment(ref _directDetached) != 2)
        {
            return;
        }
        var client = _clientSide!.End;
        var server = _serverSide!.End;
        var end = _firstToEnd == _serverSide
            ? (server == RelayEnd.Stopped ? client : server)
            : (client == RelayEnd.Stopped ? server : client);
        _directDone!.TrySetResult(end);
    }

    /// <summary>One direction of the relay: the receiver of one socket, sending into the other's writer.</summary>
    private sealed class DirectSide : IDirectReceiver
    {
        private readonly SessionRelay _relay;
        private readonly bool _fromClient;
        private EpollConnection? _source;
        private EpollSocketWriter? _destination;

        public DirectSide(SessionRelay relay, bool fromClient)
        {
            _relay = relay;
            _fromClient = fromClient;
        }

        /// <summary>How this direction ended; <see cref="RelayEnd.Stopped"/> when the other side's end (or a stop) detached it.</summary>
        public RelayEnd End { get; private set; }

        public void Start(EpollConnection source, EpollSocketWriter destination)
        {
            _source = source;
            _destination = destination;
            End = RelayEnd.Stopped;
        }

        public void RequestDetach() => _source!.DetachReceiver(this);

        public DirectReceiveVerdict OnPoked() => DirectReceiveVerdict.Continue;

        public DirectReceiveVerdict OnReceived(ReadOnlyMemory<byte> received, out int consumed)
        {
            var bytes = received.Span;
            var relay = _relay;
            if (Volatile.Read(ref relay._directEnding) != 0)
            {
                // The other side ended: these bytes are the next reader's, as a stopped pipe relay leaves them unread.
                consumed = 0;
                return DirectReceiveVerdict.Detach;
            }
            // One clock read per receive, shared with the latency tracker (the same clock: see ClientSession).
            var now = relay._clock.GetTimestamp();
            Volatile.Write(ref relay._lastActivity, now);
            consumed = bytes.Length;
            var (verdict, end) = _fromClient ? RelayClientBytes(bytes, now) : RelayServerBytes(bytes, now);
            if (end is { } ended)
            {
                End = ended;
                relay.DirectSideEnded(this);
                return DirectReceiveVerdict.Detach;
            }
            return verdict;
        }

        public void OnDetached(bool receiveEnded)
        {
            if (receiveEnded && End == RelayEnd.Stopped)
            {
                End = _fromClient ? RelayEnd.ClientVanished : RelayEnd.ServerClosed;
                _relay.DirectSideEnded(this);
            }
            // The sockets stay referenced until the next Start: the other side's end may still ask this side to detach.
            _relay.DirectSideDetached();
        }

        /// <summary>Sends on the client's bytes up to whatever ends the relay: a Terminate, a message type not allowed, a bad length.</summary>
        private (DirectReceiveVerdict, RelayEnd?) RelayClientBytes(ReadOnlySpan<byte> bytes, long now)
        {
            var relay = _relay;
            RelayEnd? end = null;
            var forward = bytes.Length;
            var offset = 0;
            while (offset < bytes.Length)
            {
                offset += relay._fromClient.ScanToNextEvent(bytes[offset..], out var relayEvent);
                if (relayEvent is RelayEvent.Terminate or RelayEvent.UnknownMessageType)
                {
                    // What came before it goes on; the message itself never reaches the backend.
                    forward = Math.Max(0, offset - MessageHeader.Size);
                    end = relayEvent == RelayEvent.Terminate ? RelayEnd.ClientTerminated : RelayEnd.ClientUnknownMessageType;
                    break;
                }
                if (relayEvent == RelayEvent.InvalidFrame)
                {
                    forward = 0;
                    end = RelayEnd.ClientProtocolViolation;
                    break;
                }
            }
            relay.Latency?.ClientScanned(relay._fromClient.ReadyRequests, now);
            if (forward == 0)
            {
                return (DirectReceiveVerdict.Continue, end);
            }
            relay._bytesFromClient += forward;
            return _destination!.SendDirect(bytes[..forward], _source!) switch
            {
                DirectSendOutcome.Ended => (DirectReceiveVerdict.Detach, RelayEnd.ServerClosed),
                DirectSendOutcome.Pause => (DirectReceiveVerdict.Pause, end),
                _ => (DirectReceiveVerdict.Continue, end),
            };
        }

        /// <summary>Sends on the server's bytes; nothing of a stream that does not frame, and the end after a FATAL.</summary>
        private (DirectReceiveVerdict, RelayEnd?) RelayServerBytes(ReadOnlySpan<byte> bytes, long now)
        {
            var relay = _relay;
            if (!relay._fromServer.Scan(bytes))
            {
                return (DirectReceiveVerdict.Detach, RelayEnd.ServerClosed);
            }
            relay.Latency?.ServerScanned(relay._fromServer.ReadyForQueryCount, relay._fromServer.LastReadyForQueryStatus, relay._fromServer.Transactions, now);
            relay._bytesFromServer += bytes.Length;
            var sent = _destination!.SendDirect(bytes, _source!);
            // A FATAL that reached the client names the end even if the client has gone since: that backend is dead either way.
            if (relay._fromServer.FatalSeen)
            {
                return (DirectReceiveVerdict.Detach, RelayEnd.ServerFatal);
            }
            return sent switch
            {
                DirectSendOutcome.Ended => (DirectReceiveVerdict.Detach, RelayEnd.ClientVanished),
                DirectSendOutcome.Pause => (DirectReceiveVerdict.Pause, null),
                _ => (DirectReceiveVerdict.Continue, null),
            };
        }
    }
}
