using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;
using Agroal.Actors.Networking.Epoll;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// The client side of a transaction run inside the client's epoll loop, when the client's socket is the pooler's own
/// plain one: each receive of the client's messages is processed under the relay's lock as the pipe loop processes a
/// read (<see cref="ProcessWhileDetached"/>, <see cref="ProcessClient"/>), a lease the pool answers at once is taken
/// right there, and the bytes go to the backend's socket with send(2) from the receive. Whatever has to wait (a lease
/// the pool makes the client wait for, an attach that aligns settings or replaces a dead backend) goes to the
/// session's one long-lived async method, <see cref="RunDirectClientAsync"/>. Meanwhile the loop keeps receiving into
/// the receiver's carry (pausing only past <see cref="WaitingCarryLimit"/>), and once a backend is attached that
/// method relays the carried bytes itself, on the thread that completed the wait, as the pipe loop did: the client's
/// query is not held up by a hop back to its loop, and the loop has nothing to resume.
/// </summary>
public sealed partial class TransactionRelay
{
    /// <summary>Set once, before the receiver attaches: a server side that ends wakes it (see <see cref="EndAbnormally"/>).</summary>
    private DirectClientSide? _directClient;

    /// <summary>A client that keeps sending while it waits for a backend stops being read past this much carried.</summary>
    private const int WaitingCarryLimit = 64 * 1024;

    /// <summary>
    /// Attaches the client's receiver, does its waiting for it, one piece of work at a time, until the receiver has
    /// detached, then stops the server side. One method, not three nested ones: each async method a session runs
    /// through costs its login a state machine and its end a continuation.
    /// </summary>
    private async Task<RelayEnd> RunDirectClientAsync(EpollConnection socket, CancellationToken cancellationToken)
    {
        var end = RelayEnd.Stopped;
        try
        {
            var side = new DirectClientSide(this, socket);
            _directClient = side;
            // A stop takes the receiver off the socket; its detach is the helper's end.
            var stop = cancellationToken.UnsafeRegister(static state => ((DirectClientSide)state!).RequestDetach(), side);
            socket.AttachReceiver(side);
            try
            {
                while (true)
                {
                    if (!side.TryTakeWork(out var hasWork))
                    {
                        await side.WaitAsync().ConfigureAwait(false);
                        continue;
                    }
                    if (!hasWork)
                    {
                        end = side.End;
                        if (end == RelayEnd.Stopped)
                        {
                            // As the pipe loop's cancelled read does.
                            cancellationToken.ThrowIfCancellationRequested();
                        }
                        break;
                    }
                    // Awaited here, in the method that lives as long as the client: a wait allocates nothing.
                    side.ThrowIfFailed();
                    if (!await AttachAsync(side.TakeReply(), cancellationToken).ConfigureAwait(false))
                    {
                        // Refused (and told): the relay ends.
                        side.RequestDetach();
                        await WaitForDirectClientEndAsync(side).ConfigureAwait(false);
                        break;
                    }
                    side.RelayAfterWait();
                }
            }
            catch
            {
                // The receiver must be off the socket before the session deals with the leftover and the client.
                side.RequestDetach();
                await WaitForDirectClientEndAsync(side).ConfigureAwait(false);
                throw;
            }
            finally
            {
                stop.Dispose();
            }
        }
        finally
        {
            end = await EndServerSideAsync(end).ConfigureAwait(false);
        }
        return end;
    }

    private static async ValueTask WaitForDirectClientEndAsync(DirectClientSide side)
    {
        while (!side.HasEndedElseArm())
        {
            await side.WaitAsync().ConfigureAwait(false);
        }
    }

    private enum DirectClientWork
    {
        /// <summary>An answer to attach with: settings to align, a backend to replace, a refusal to tell.</summary>
        Attach,

        /// <summary>The lease's continuation failed; the helper rethrows it.</summary>
        Failed,
    }

    /// <summary>The client socket's receiver for the relay's life; the wake of <see cref="RunDirectClientAsync"/> too.</summary>
    private sealed class DirectClientSide : IDirectReceiver, IValueTaskSource
    {
        private readonly TransactionRelay _relay;
        private readonly ReceiveCarry _carry = new();
        private readonly Action _onLeaseAnswered;
        private ExceptionDispatchInfo? _failure;
        private ManualResetValueTaskSourceCore<bool> _wake = new() { RunContinuationsAsynchronously = false };

        // Handed to the helper with the work; taken back by it.
        private ValueTask<object> _request;
        private object? _reply;

        // Guarded by the relay's lock. While _waiting the carry is the helper's to relay: the loop only appends to it,
        // under the lock. The loop sets it (the helper's own relaying may set it again), only the helper clears it, and
        // a volatile read of false tells the loop the carry is its own again.
        private volatile bool _waiting;
        private bool _pausedWhileWaiting;
        private bool _resumeWanted;
        private bool _workPending;

        // A continuation is registered on a pending lease (_leaseInFlight) or running (_answering): the helper does
        // not end before it has run, so that a backend it attaches is the relay's leftover, not lost.
        private bool _leaseInFlight;
        private int _answering;
        private bool _ended;
        private bool _helperWaiting;
        private RelayEnd? _end;

        public DirectClientSide(TransactionRelay relay, EpollConnection socket)
        {
            _relay = relay;
            Socket = socket;
            _onLeaseAnswered = OnLeaseAnswered;
        }

        public EpollConnection Socket { get; }

        public DirectClientWork Work { get; private set; }

        /// <summary>How the client side ended; read once <see cref="TryTakeWork"/> said it has.</summary>
        public RelayEnd End => _end ?? RelayEnd.Stopped;

        public void RequestDetach() => Socket.DetachReceiver(this);

        public DirectReceiveVerdict OnReceived(ReadOnlyMemory<byte> bytes, out int consumed)
        {
            // Nothing after the relay's end is read by anyone: the session closes the client.
            consumed = bytes.Length;
            if (_waiting && TryCarryWhileWaiting(bytes.Span, out var verdict))
            {
                return verdict;
            }
            return Process(_carry.With(bytes));
        }

        /// <summary>While the helper waits for a backend, what the client sends is carried for it; false once the wait is over.</summary>
        private bool TryCarryWhileWaiting(ReadOnlySpan<byte> bytes, out DirectReceiveVerdict verdict)
        {
            lock (_relay._gate)
            {
                if (!_waiting)
                {
                    verdict = default;
                    return false;
                }
                _carry.Append(bytes);
                _pausedWhileWaiting = _carry.Length > WaitingCarryLimit;
                verdict = _pausedWhileWaiting ? DirectReceiveVerdict.Pause : DirectReceiveVerdict.Continue;
                return true;
            }
        }

        public DirectReceiveVerdict OnPoked()
        {
            lock (_relay._gate)
            {
                if (_relay.ServerEndedUnderLock() is { } ended)
                {
                    _end ??= ended;
                    return DirectReceiveVerdict.Detach;
                }
                if (!_resumeWanted)
                {
                    return DirectReceiveVerdict.Continue;
                }
                _resumeWanted = false;
            }
            // Paused while waiting, with everything carried relayed since: what arrived meanwhile is read now.
            return DirectReceiveVerdict.Resume;
        }

        public void OnDetached(bool receiveEnded)
        {
            bool wake;
            lock (_relay._gate)
            {
                _carry.Clear();
                _end ??= receiveEnded ? RelayEnd.ClientVanished : RelayEnd.Stopped;
                _ended = true;
                wake = _helperWaiting;
                _helperWaiting = false;
            }
            if (wake)
            {
                _wake.SetResult(true);
            }
        }

        /// <summary>
        /// The receive's bytes (with what was carried) as the pipe loop's inner loop treats a read: processed under
        /// the lock, sent, and the relay's next step taken.
        /// </summary>
        private DirectReceiveVerdict Process(ReadOnlySequence<byte> buffer, BackendConnection? adopting = null)
        {
            var relay = _relay;
            // A backend leased at once (or handed over to a wait), adopted under the same lock as the first bytes it
            // is sent.
            while (true)
            {
                ClientStep step;
                long consumed;
                var wrote = false;
                BackendConnection? backend;
                lock (relay._gate)
                {
                    if (adopting is not null && !relay.AdoptUnderLock(adopting, out _))
                    {
                        // A plain client's backends are plain and no server loop ever started for it (see below).
                        throw new InvalidOperationException($"transaction relay: backend {adopting} cannot be read inside its loop");
                    }
                    adopting = null;
                    if (relay.ServerEndedUnderLock() is { } ended)
                    {
                        _end ??= ended;
                        return DirectReceiveVerdict.Detach;
                    }
                    backend = relay._backend;
                    step = backend is null
                        ? relay.ProcessWhileDetached(buffer, out consumed)
                        : relay.ProcessClient(buffer, backend.Output, out consumed, ref wrote);
                    if (wrote)
                    {
                        relay._clientWrite = ClientWriteInProgress;
                    }
                }
                buffer = buffer.Slice(consumed);
                var full = false;
                if (wrote)
                {
                    if (backend!.PlainEpollSocket is not { } server)
                    {
                        // The transaction pipeline refuses TLS servers, and ev_backend names one engine for clients
                        // and backends alike: a plain client's backends are plain (the session checked its login's).
                        throw new InvalidOperationException($"transaction relay: backend {backend} has no plain socket to send on");
                    }
                    var sent = server.Writer.CommitDirect(Socket);
                    relay.EndClientWrite(backend);
                    if (sent == DirectSendOutcome.Ended)
                    {
                        return EndWith(RelayEnd.ServerClosed);
                    }
                    full = sent == DirectSendOutcome.Pause;
                }
                switch (step)
                {
                    case ClientStep.NeedBackend:
                        if (TryLeaseAtOnce(out adopting, out var queued))
                        {
                            continue;
                        }
                        _carry.Keep(buffer);
                        return queued ? WaitForLease() : WaitForHelper();
                    case ClientStep.Terminated:
                        return EndWith(RelayEnd.ClientTerminated);
                    case ClientStep.Invalid:
                        return EndWith(RelayEnd.ClientProtocolViolation);
                    case ClientStep.UnknownType:
                        return EndWith(RelayEnd.ClientUnknownMessageType);
                }
                _carry.Keep(buffer);
                return full ? DirectReceiveVerdict.Pause : DirectReceiveVerdict.Continue;
            }
        }

        /// <summary>The usual lease: answered at once with a backend in line with the client's settings, for the caller to adopt.</summary>
        /// <param name="queued">False: an answer came that the helper must attach with (<see cref="DirectClientWork.Attach"/>).</param>
        private bool TryLeaseAtOnce(out BackendConnection? leased, out bool queued)
        {
            var relay = _relay;
            leased = null;
            queued = false;
            var request = relay._source.RequestBackend(relay._cancellation);
            if (!request.IsCompletedSuccessfully)
            {
                // To come (or failed already): the lease continuation takes it either way.
                queued = true;
                _request = request;
                return false;
            }
            var reply = request.Result;
            if (relay._source.TryAttachAtOnce(reply, out var replyTaken) is { } backend)
            {
                leased = backend;
                return true;
            }
            Work = DirectClientWork.Attach;
            _reply = replyTaken ? null : reply;
            return false;
        }

        private DirectReceiveVerdict EndWith(RelayEnd end)
        {
            lock (_relay._gate)
            {
                _end ??= end;
            }
            return DirectReceiveVerdict.Detach;
        }

        /// <summary>
        /// The pool queued the client: the lease's own completion (on the thread that hands the backend over, as a
        /// return on the lane does) adopts the backend and relays the carry, with no async method resumed for it. The
        /// loop goes on receiving into the carry meanwhile.
        /// </summary>
        private DirectReceiveVerdict WaitForLease()
        {
            lock (_relay._gate)
            {
                _waiting = true;
                _leaseInFlight = true;
            }
            _request.GetAwaiter().UnsafeOnCompleted(_onLeaseAnswered);
            return DirectReceiveVerdict.Continue;
        }

        /// <summary>
        /// The queued lease is answered. Whatever goes wrong here goes to the helper: this runs on whoever completed
        /// the lease (another session's give-back), which must not see this client's failures.
        /// </summary>
        private void OnLeaseAnswered()
        {
            var request = _request;
            _request = default;
            lock (_relay._gate)
            {
                _leaseInFlight = false;
                // A count: the relaying below may queue the next lease, whose continuation can start before this ends.
                _answering++;
            }
            try
            {
                var reply = request.GetAwaiter().GetResult();
                if (_relay._source.TryAttachAtOnce(reply, out var replyTaken) is { } backend)
                {
                    RelayAfterWait(backend);
                }
                else
                {
                    _reply = replyTaken ? null : reply;
                    Work = DirectClientWork.Attach;
                    WaitForHelper();
                }
            }
            catch (Exception ex)
            {
                _failure = ExceptionDispatchInfo.Capture(ex);
                Work = DirectClientWork.Failed;
                WaitForHelper();
            }
            finally
            {
                bool wake;
                lock (_relay._gate)
                {
                    _answering--;
                    // The helper saw the end and waited for this: it can end now.
                    wake = _helperWaiting && _ended && !_leaseInFlight && _answering == 0;
                    _helperWaiting &= !wake;
                }
                if (wake)
                {
                    _wake.SetResult(true);
                }
            }
        }

        /// <summary>The helper's: a failed lease continuation is rethrown where the helper's own failures are.</summary>
        public void ThrowIfFailed()
        {
            if (Work == DirectClientWork.Failed)
            {
                var failure = _failure!;
                _failure = null;
                failure.Throw();
            }
        }

        /// <summary>
        /// Hands the work set up to the helper, which relays the carry once it is done; the loop goes on receiving into
        /// the carry meanwhile. From the helper's own relaying, the work is simply its next.
        /// </summary>
        private DirectReceiveVerdict WaitForHelper()
        {
            bool wake;
            lock (_relay._gate)
            {
                _waiting = true;
                _workPending = true;
                wake = _helperWaiting;
                _helperWaiting = false;
            }
            if (wake)
            {
                // Runs the helper's continuation here, on the loop, up to its first real wait.
                _wake.SetResult(true);
            }
            return DirectReceiveVerdict.Continue;
        }

        /// <summary>The helper's: true with work to do (<paramref name="hasWork"/>) or once ended; false after arming the wake.</summary>
        public bool TryTakeWork(out bool hasWork)
        {
            lock (_relay._gate)
            {
                // Work first: a lease asked for before a stop must still be taken, and given back by the session.
                if (_workPending)
                {
                    _workPending = false;
                    hasWork = true;
                    return true;
                }
                hasWork = false;
                if (_ended && !_leaseInFlight && _answering == 0)
                {
                    return true;
                }
                _wake.Reset();
                _helperWaiting = true;
                return false;
            }
        }

        /// <summary>The helper's, once it no longer takes work: true once the receiver has detached; false after arming the wake.</summary>
        public bool HasEndedElseArm()
        {
            lock (_relay._gate)
            {
                if (_ended && !_leaseInFlight && _answering == 0)
                {
                    return true;
                }
                _wake.Reset();
                _helperWaiting = true;
                return false;
            }
        }

        /// <summary>
        /// Once a backend is attached (by the helper, or adopted here from the lease's continuation): relays what was
        /// carried during the wait, under the relay's lock so that the loop's appends wait for it, on this thread. A long backend queue this meets is left to the loop's
        /// next send to the same backend, which pauses the client then.
        /// </summary>
        public void RelayAfterWait(BackendConnection? adopting = null)
        {
            var verdict = DirectReceiveVerdict.Continue;
            bool poke;
            lock (_relay._gate)
            {
                if (adopting is not null || !_carry.IsEmpty)
                {
                    verdict = Process(_carry.Bytes, adopting);
                }
                if (verdict == DirectReceiveVerdict.Detach || _workPending || _leaseInFlight)
                {
                    // Ending (the carry stays the helper's until the detach clears it), or waiting again.
                    poke = false;
                }
                else
                {
                    _waiting = false;
                    poke = _resumeWanted = _pausedWhileWaiting;
                    _pausedWhileWaiting = false;
                }
            }
            if (verdict == DirectReceiveVerdict.Detach)
            {
                RequestDetach();
            }
            else if (poke)
            {
                Socket.PokeReceiver(this);
            }
        }

        public object? TakeReply()
        {
            var reply = _reply;
            _reply = null;
            return reply;
        }

        public ValueTask WaitAsync() => new(this, _wake.Version);

        void IValueTaskSource.GetResult(short token) => _wake.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _wake.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _wake.OnCompleted(continuation, state, token, flags);
    }
}
