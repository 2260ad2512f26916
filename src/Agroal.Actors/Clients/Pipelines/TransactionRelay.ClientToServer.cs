using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Agroal.Actors.Clients.PreparedStatements;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients.Pipelines;

public sealed partial class TransactionRelay
{
    private enum ClientStep
    {
        NeedMoreData,
        NeedBackend,
        Terminated,
        Invalid,
        UnknownType,
    }

    private async Task<RelayEnd> PumpClientToServerAsync(PipeReader from, CancellationToken cancellationToken)
    {
        // One registration for the whole relay instead of one per pending read: a stop wakes this loop, which throws
        // as a cancelled read would; the relay's way out stops the server side.
        using var stop = cancellationToken.UnsafeRegister(static input => ((PipeReader)input!).CancelPendingRead(), from);
        while (true)
        {
            // True once this read's bytes were copied aside and handed back to the socket (see TryPark): from then on
            // `buffer` is the copy, and the pipe has nothing of this read left to advance.
            var parked = false;
            ReadResult read;
            try
            {
                // No token: a stop arrives as a cancelled read (see RunAsync).
                read = await from.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (RelayFailure.IsConnectionFailure(ex))
            {
                return RelayEnd.ClientVanished;
            }
            var buffer = read.Buffer;
            if (read.IsCanceled)
            {
                from.AdvanceTo(buffer.Start);
                if (ServerEndedAbnormally() is { } serverEnd)
                {
                    return serverEnd;
                }
                cancellationToken.ThrowIfCancellationRequested();
                continue;
            }
            while (true)
            {
                ClientStep step;
                long consumed;
                bool wrote;
                BackendConnection? backend;
                lock (_gate)
                {
                    if (ServerEndedUnderLock() is { } ended)
                    {
                        GiveBackUnread(from, buffer, parked);
                        return ended;
                    }
                    backend = _backend;
                    wrote = false;
                    step = backend is null ? ProcessWhileDetached(buffer, out consumed) : ProcessClient(buffer, backend.Output, out consumed, ref wrote);
                    if (wrote)
                    {
                        _clientWrite = ClientWriteInProgress;
                    }
                }
                if (wrote && !await FlushBackendAsync(backend!, cancellationToken).ConfigureAwait(false))
                {
                    GiveBackUnread(from, buffer, parked);
                    return RelayEnd.ServerClosed;
                }
                buffer = buffer.Slice(consumed);
                switch (step)
                {
                    case ClientStep.NeedBackend:
                        var request = _source.RequestBackend(cancellationToken);
                        if (!request.IsCompleted && !parked && TryPark(buffer, out var copy))
                        {
                            // The pool makes this client wait: its bytes move to the session's small copy and the
                            // socket's pinned block goes back to Kestrel's pool instead of being held by every waiter.
                            from.AdvanceTo(buffer.End);
                            buffer = copy;
                            parked = true;
                        }
                        // Awaited here, in the loop that lives as long as the client: the wait allocates nothing.
                        var reply = await request.ConfigureAwait(false);
                        if (_source.TryAttachAtOnce(reply, out var replyTaken) is { } atOnce)
                        {
                            Adopt(atOnce);
                        }
                        else if (!await AttachAsync(replyTaken ? null : reply, cancellationToken).ConfigureAwait(false))
                        {
                            GiveBackUnread(from, buffer, parked);
                            return RelayEnd.Stopped;
                        }
                        continue;
                    case ClientStep.Terminated:
                        GiveBackUnread(from, buffer, parked);
                        return RelayEnd.ClientTerminated;
                    case ClientStep.Invalid:
                        GiveBackUnread(from, buffer, parked);
                        return RelayEnd.ClientProtocolViolation;
                    case ClientStep.UnknownType:
                        GiveBackUnread(from, buffer, parked);
                        return RelayEnd.ClientUnknownMessageType;
                }
                break;
            }
            if (parked)
            {
                EndPark(buffer);
            }
            else
            {
                from.AdvanceTo(buffer.Start, buffer.End);
            }
            if (read.IsCompleted)
            {
                return RelayEnd.ClientVanished;
            }
        }
    }

    private RelayEnd? ServerEndedAbnormally()
    {
        lock (_gate)
        {
            return ServerEndedUnderLock();
        }
    }

    /// <summary>Under the lock: how the server side ended, when it ended other than by a stop; the client side ends the same way.</summary>
    private RelayEnd? ServerEndedUnderLock() => _serverEnd is { } ended && ended != RelayEnd.Stopped ? ended : null;

    private async ValueTask<bool> FlushBackendAsync(BackendConnection backend, CancellationToken cancellationToken)
    {
        var ok = true;
        try
        {
            var flushed = await backend.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            ok = !flushed.IsCompleted;
        }
        catch (Exception ex) when (RelayFailure.IsConnectionFailure(ex))
        {
            ok = false;
        }
        EndClientWrite(backend);
        return ok;
    }

    private const int ClientWriteNone = 0;
    private const int ClientWriteInProgress = 1;
    private const int ClientWriteReleaseWanted = 2;

    /// <summary>
    /// The client side's write to <paramref name="backend"/> went out: a release the server side saw meanwhile goes
    /// ahead. Without the lock unless one did: the exchange and the server side's compare-exchange on the same word
    /// (<see cref="AtReleasePoint"/>) order the two, so either this sees the wish or the server side sees the write done.
    /// </summary>
    private void EndClientWrite(BackendConnection backend)
    {
        if (Interlocked.Exchange(ref _clientWrite, ClientWriteNone) != ClientWriteReleaseWanted)
        {
            return;
        }
        bool wake;
        DirectServerSide? direct;
        lock (_gate)
        {
            wake = ReferenceEquals(_backend, backend);
            _wakePending |= wake;
            direct = wake ? DirectReceiverOf(backend) : null;
        }
        if (wake)
        {
            // The server side saw the release point while this side was writing; it re-checks once woken.
            if (direct is not null)
            {
                direct.Socket.PokeReceiver(direct);
            }
            else
            {
                backend.Input.CancelPendingRead();
            }
        }
    }

    // Pooled: an attach that has to align the backend's settings or replace a dead one completes asynchronously.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AttachAsync(object? reply, CancellationToken cancellationToken)
    {
        var backend = await _source.AttachAsync(reply, cancellationToken).ConfigureAwait(false);
        if (backend is null)
        {
            return false;
        }
        Adopt(backend);
        return true;
    }

    /// <summary>The attached backend serves this client's transaction: the server loop takes it over.</summary>
    private void Adopt(BackendConnection backend)
    {
        bool signal;
        lock (_gate)
        {
            if (AdoptUnderLock(backend, out signal))
            {
                return;
            }
        }
        if (signal)
        {
            // The session's server loop waits between transactions: it takes this backend (inline, on this thread).
            _attachSignal.Set(backend);
            return;
        }
        // The first transaction (or one after a loop that ended): started outside the lock, the loop takes it itself
        // as soon as the backend says anything.
        var loop = RunServerLoopAsync(backend);
        lock (_gate)
        {
            _serverLoop = loop;
        }
    }

    /// <summary>
    /// Under the lock: <paramref name="backend"/> is the attached one from here. True when its replies are read inside
    /// its loop from now on; false when a server loop must take it (<paramref name="signal"/>: the one waiting for it).
    /// </summary>
    private bool AdoptUnderLock(BackendConnection backend, out bool signal)
    {
        _backend = backend;
        _cache = RenamesStatements ? BackendStatementCache.For(backend) : null;
        _lastStatus = TransactionStatus.Idle;
        _serverIdleAtBoundary = false;
        _serverBodyRemaining = 0;
        _serverEnd = null;
        signal = _awaitingAttach;
        _awaitingAttach = false;
        return !signal && TryAttachDirect(backend);
    }

    /// <summary>No backend is held: a Terminate ends the client, anything else needs a backend first.</summary>
    private ClientStep ProcessWhileDetached(in ReadOnlySequence<byte> buffer, out long consumed)
    {
        consumed = 0;
        if (!MessageHeader.TryRead(buffer, out var header))
        {
            return ClientStep.NeedMoreData;
        }
        if (!header.HasValidLength(_maxMessageLength))
        {
            return ClientStep.Invalid;
        }
        if (!FrontendTag.IsKnownAfterStartup(header.Tag))
        {
            RejectedTag = header.Tag;
            return ClientStep.UnknownType;
        }
        if (header.Tag == FrontendTag.Terminate)
        {
            consumed = Math.Min(buffer.Length, header.TotalSize);
            return ClientStep.Terminated;
        }
        return ClientStep.NeedBackend;
    }

    /// <summary>Forwards every whole message (and the available part of a long one) to the backend; runs under the lock.</summary>
    private ClientStep ProcessClient(in ReadOnlySequence<byte> buffer, PipeWriter to, out long consumed, ref bool wrote)
    {
        var position = 0L;
        var length = buffer.Length;
        while (true)
        {
            if (_clientBodyRemaining > 0)
            {
                var take = Math.Min(length - position, _clientBodyRemaining);
                if (take == 0)
                {
                    consumed = position;
                    return ClientStep.NeedMoreData;
                }
                Copy(buffer.Slice(position, take), to);
                position += take;
                _clientBodyRemaining -= take;
                _bytesFromClient += take;
                wrote = true;
                continue;
            }
            consumed = position;
            var rest = buffer.Slice(position);
            if (!MessageHeader.TryRead(rest, out var header))
            {
                return ClientStep.NeedMoreData;
            }
            if (!header.HasValidLength(_maxMessageLength))
            {
                return ClientStep.Invalid;
            }
            if (!FrontendTag.IsKnownAfterStartup(header.Tag))
            {
                // Not forwarded: PostgreSQL would end the shared backend over it. What came before it is sent.
                RejectedTag = header.Tag;
                return ClientStep.UnknownType;
            }
            if (header.Tag == FrontendTag.Terminate)
            {
                consumed = position + Math.Min(rest.Length, header.TotalSize);
                return ClientStep.Terminated;
            }
            var used = ForwardMessage(rest, header, to);
            if (used == 0)
            {
                return ClientStep.NeedMoreData;
            }
            position += used;
            wrote = true;
        }
    }

    /// <summary>Sends one message (or its head), rewritten when it names a statement; returns the bytes taken, 0 when more are needed.</summary>
    private long ForwardMessage(in ReadOnlySequence<byte> rest, MessageHeader header, PipeWriter to)
    {
        var total = header.TotalSize;
        switch (header.Tag)
        {
            case FrontendTag.Query:
                // The head of the text tells DISCARD ALL and DEALLOCATE ALL apart; a long query streams after it.
                if (rest.Length < Math.Min(total, MessageHeader.Size + StatementResetDetector.PrefixLength))
                {
                    return 0;
                }
                NoteQuery(rest.Slice(MessageHeader.Size, Math.Min(rest.Length, total) - MessageHeader.Size));
                break;
            case FrontendTag.Parse when total > InspectLimit:
                // Too long to hold whole (the socket stops reading at about 1 MiB): it goes through under the client's name.
                _replies.Enqueue(new PendingReply(PendingReplyKind.Parse));
                _namedParseSeen = true;
                _openExtended = true;
                break;
            case FrontendTag.Parse:
                if (rest.Length < total)
                {
                    return 0;
                }
                return ForwardParse(rest.Slice(0, total), to);
            case FrontendTag.Bind when RenamesStatements:
                return ForwardBind(rest, header, to);
            case FrontendTag.Describe when RenamesStatements && total <= InspectLimit:
                if (rest.Length < total)
                {
                    return 0;
                }
                return ForwardDescribe(rest.Slice(0, total), to);
            case FrontendTag.Close:
                if (total > InspectLimit)
                {
                    _replies.Enqueue(new PendingReply(PendingReplyKind.Close));
                    _openExtended = true;
                    break;
                }
                if (rest.Length < total)
                {
                    return 0;
                }
                NoteClose(rest.Slice(0, total));
                break;
            case FrontendTag.Sync:
            case FrontendTag.FunctionCall:
                _replies.Enqueue(new PendingReply(PendingReplyKind.Ready));
                _openExtended = false;
                break;
            case FrontendTag.Execute:
                _queries++;
                _openExtended = true;
                break;
            case FrontendTag.CopyData:
            case FrontendTag.CopyDone:
            case FrontendTag.CopyFail:
                break;
            default:
                _openExtended = true;
                break;
        }
        return PassThrough(rest, total, to);
    }

    private long PassThrough(in ReadOnlySequence<byte> rest, int total, PipeWriter to)
    {
        var available = Math.Min(rest.Length, total);
        Copy(rest.Slice(0, available), to);
        _clientBodyRemaining = total - available;
        _bytesFromClient += available;
        return available;
    }

    private void NoteQuery(in ReadOnlySequence<byte> textHead)
    {
        _queries++;
        _openExtended = false;
        if (RenamesStatements && StatementResetDetector.ResetsStatements(textHead))
        {
            // PostgreSQL drops every statement when it runs this; later messages in the same pipeline see none.
            _statements?.Clear();
            _cache?.Clear();
            _replies.Enqueue(new PendingReply(PendingReplyKind.ReadyResettingStatements));
            return;
        }
        _replies.Enqueue(new PendingReply(PendingReplyKind.Ready));
    }

    private static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> message, ref byte[]? rented)
    {
        rented = ArrayPool<byte>.Shared.Rent((int)message.Length);
        message.CopyTo(rented);
        return rented.AsSpan(0, (int)message.Length);
    }

    private static void Copy(in ReadOnlySequence<byte> bytes, PipeWriter to)
    {
        foreach (var segment in bytes)
        {
            to.Write(segment.Span);
        }
    }

    /// <summary>Messages the relay must hold whole are decoded only up to this size; longer ones stream through as sent.</summary>
    private const int InspectLimit = 256 * 1024;

    /// <summary>How much of a Bind's head is read to find its two names; longer names pass through unrenamed.</summary>
    private const int BindHeadLimit = 512;

    /// <summary>A portal name no client uses; closing it is a no-op the server still answers with CloseComplete.</summary>
    private static ReadOnlySpan<byte> NoOpPortalName => "agroal_no_portal"u8;
}
