using System.Buffers;
using Agroal.Actors.Networking.Epoll;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// The server side of a transaction run inside the backend's epoll loop, when the client's socket and the backend's
/// are both the pooler's own plain ones: each receive of the backend's replies is processed under the relay's lock
/// as the server loop processes a read (<see cref="ProcessServer"/>), sent on to the client, and the backend is given
/// back at the release point, all within the loop's receive. No input pipe, no awaited read and no wait for the next
/// attach sit between the backend's socket and the client's. The client side stays the async loop it is.
/// </summary>
public sealed partial class TransactionRelay
{
    /// <summary>The client's socket when the relay may read backends inside their loops; its writer is the client output.</summary>
    internal EpollConnection? DirectClient { get; init; }

    // Guarded by _gate.
    private DirectServerSide? _directAttached;
    private TaskCompletionSource? _directStopWaiter;

    /// <summary>A stop detached a backend with part of a reply carried over: its protocol state is unknown.</summary>
    private bool _serverBytesDropped;

    /// <summary>A give-back (<see cref="ITransactionBackendSource.DetachAsync"/>) that did not finish at once; a stop waits for it.</summary>
    private Task _pendingDetach = Task.CompletedTask;

    /// <summary>Under the lock: attaches the backend's receiver when both sockets allow it; false leaves the backend to the server loop.</summary>
    private bool TryAttachDirect(BackendConnection backend)
    {
        if (DirectClient is null || backend.PlainEpollSocket is not { } socket || _serverLoop is not null)
        {
            return false;
        }
        // One receiver per backend, made once: a backend serves one session at a time, and its receiver has let go of
        // it (and it has been given back) before the pool can lease it to the next.
        var side = backend.DirectRelaySide as DirectServerSide ?? new DirectServerSide(backend, socket);
        backend.DirectRelaySide = side;
        side.Start(this);
        _directAttached = side;
        socket.AttachReceiver(side);
        return true;
    }

    /// <summary>Under the lock: the receiver reading <paramref name="backend"/> inside its loop, if it is.</summary>
    private DirectServerSide? DirectReceiverOf(BackendConnection backend) =>
        _directAttached is { } side && side.Backend == backend ? side : null;

    /// <summary>Ends a direct attachment for the relay's stop; how the server side ended, or null when nothing was attached.</summary>
    private async Task<RelayEnd?> StopDirectAsync()
    {
        DirectServerSide? side;
        TaskCompletionSource? waiter = null;
        lock (_gate)
        {
            side = _directAttached;
            if (side is not null)
            {
                waiter = _directStopWaiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        if (side is not null)
        {
            side.Socket.DetachReceiver(side);
            await waiter!.Task.ConfigureAwait(false);
        }
        try
        {
            await Volatile.Read(ref _pendingDetach).ConfigureAwait(false);
        }
        catch (Exception ex) when (RelayFailure.IsConnectionFailure(ex) || ex is OperationCanceledException)
        {
            // The give-back's own failure is the session's to log; the relay's end does not change.
        }
        lock (_gate)
        {
            return _serverEnd;
        }
    }

    /// <summary>
    /// Under the lock: the release point of the server loop's <see cref="TryReleaseAsync"/>, for a direct attachment.
    /// True when the backend is to be given back; the receiver then lets go of its socket first. A release that waits
    /// for the client side's write comes back through its poke.
    /// </summary>
    private bool TryReleaseDirect(BackendConnection backend, out DetachReason reason)
    {
        if (_stopping || !AtReleasePoint())
        {
            reason = default;
            return false;
        }
        reason = LetGo(backend);
        return true;
    }

    /// <summary>On the backend's loop, after its receiver let go: the attachment is over.</summary>
    private void OnDirectDetached(DirectServerSide side, bool receiveEnded, bool releasing, DetachReason reason, bool dropped)
    {
        if (receiveEnded && !releasing)
        {
            EndAbnormally(RelayEnd.ServerClosed);
        }
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _directAttached = null;
            _serverBytesDropped |= dropped;
            waiter = _directStopWaiter;
            _directStopWaiter = null;
        }
        if (releasing)
        {
            var detach = _source.DetachAsync(side.Backend, reason, _cancellation);
            if (!detach.IsCompletedSuccessfully)
            {
                // Kept for the stop to wait on, as the server loop awaited each give-back before the next attach.
                var earlier = Volatile.Read(ref _pendingDetach);
                Volatile.Write(ref _pendingDetach, earlier.IsCompleted ? detach.AsTask() : Task.WhenAll(earlier, detach.AsTask()));
            }
        }
        waiter?.TrySetResult();
    }

    /// <summary>One backend's receiver for the transactions relayed inside its loop; reused by each session that leases it.</summary>
    private sealed class DirectServerSide : IDirectReceiver
    {
        private readonly ReceiveCarry _carry = new();
        private TransactionRelay? _relay;
        private bool _releasing;
        private DetachReason _reason;

        public DirectServerSide(BackendConnection backend, EpollConnection socket)
        {
            Backend = backend;
            Socket = socket;
        }

        public BackendConnection Backend { get; }

        public EpollConnection Socket { get; }

        public void Start(TransactionRelay relay)
        {
            _relay = relay;
            _releasing = false;
            _carry.Clear();
        }

        public DirectReceiveVerdict OnReceived(ReadOnlyMemory<byte> bytes, out int consumed)
        {
            var relay = _relay!;
            consumed = bytes.Length;
            ServerStep step;
            lock (relay._gate)
            {
                if (relay._stopping || relay._serverEnd is not null)
                {
                    // Left in the pipe for the session, which rolls the backend back or closes it.
                    consumed = 0;
                    return DirectReceiveVerdict.Detach;
                }
                var buffer = _carry.With(bytes);
                step = relay.ProcessServer(buffer, relay._clientOutput!, out var processed, out var endsWithReady);
                relay._serverIdleAtBoundary = endsWithReady && processed == buffer.Length && relay._serverBodyRemaining == 0;
                _carry.Keep(buffer.Slice(processed));
            }
            var sent = relay.DirectClient!.Writer.CommitDirect(Socket);
            if (sent == DirectSendOutcome.Ended)
            {
                relay.EndAbnormally(RelayEnd.ClientVanished);
                return DirectReceiveVerdict.Detach;
            }
            if (step != ServerStep.Continue)
            {
                relay.EndAbnormally(step == ServerStep.Fatal ? RelayEnd.ServerFatal : RelayEnd.ServerClosed);
                return DirectReceiveVerdict.Detach;
            }
            if (TryRelease())
            {
                return DirectReceiveVerdict.Detach;
            }
            return sent == DirectSendOutcome.Pause ? DirectReceiveVerdict.Pause : DirectReceiveVerdict.Continue;
        }

        public DirectReceiveVerdict OnPoked()
        {
            lock (_relay!._gate)
            {
                _relay._wakePending = false;
            }
            return TryRelease() ? DirectReceiveVerdict.Detach : DirectReceiveVerdict.Continue;
        }

        public void OnDetached(bool receiveEnded)
        {
            var relay = _relay!;
            var dropped = !_carry.IsEmpty;
            _carry.Clear();
            _relay = null;
            relay.OnDirectDetached(this, receiveEnded, _releasing, _reason, dropped);
        }

        private bool TryRelease()
        {
            lock (_relay!._gate)
            {
                _releasing = _relay.TryReleaseDirect(Backend, out _reason);
            }
            return _releasing;
        }
    }
}
