using System.Buffers;
using System.IO.Pipelines;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients.Pipelines;

public sealed partial class TransactionRelay
{
    private enum ServerStep
    {
        Continue,
        Fatal,
        Invalid,
    }

    private static ReadOnlySpan<byte> ParseCompleteMessage => [BackendTag.ParseComplete, 0, 0, 0, 4];

    /// <summary>
    /// The session's server side, one async method for the session's whole life: it relays each attachment's
    /// replies, and between transactions waits for the client loop to attach the next backend. An attachment ends by
    /// giving the backend back (having stopped reading it first), when asked to stop, or when the backend or the client
    /// fails; in the last case it wakes the client loop and the method ends. An attachment starts no async method of
    /// its own, so a transaction allocates no state machine (a pooled per-attachment method still allocated a box
    /// every twenty or so transactions, when the box went back to another thread's cache than the next rent's).
    /// </summary>
    private async Task<RelayEnd> RunServerLoopAsync(BackendConnection first)
    {
        var backend = first;
        var to = _clientOutput!;
        while (true)
        {
            var from = backend.Input;
            RelayEnd end;
            while (true)
            {
                ReadResult read;
                try
                {
                    // No token: the client loop's way out after a stop cancels this read (StopServerLoopAsync).
                    read = await from.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (RelayFailure.IsConnectionFailure(ex))
                {
                    end = EndAbnormally(RelayEnd.ServerClosed);
                    break;
                }
                var buffer = read.Buffer;
                if (read.IsCanceled)
                {
                    from.AdvanceTo(buffer.Start);
                    lock (_gate)
                    {
                        _wakePending = false;
                    }
                    if (await TryReleaseAsync(backend).ConfigureAwait(false) is { } stopped)
                    {
                        end = stopped;
                        break;
                    }
                    continue;
                }
                ServerStep step;
                long consumed;
                lock (_gate)
                {
                    step = ProcessServer(buffer, to, out consumed, out var endsWithReady);
                    _serverIdleAtBoundary = endsWithReady && consumed == buffer.Length && _serverBodyRemaining == 0;
                }
                from.AdvanceTo(buffer.GetPosition(consumed), buffer.End);
                bool clientGone;
                try
                {
                    var flushed = await to.FlushAsync(_cancellation).ConfigureAwait(false);
                    clientGone = flushed.IsCompleted;
                }
                catch (OperationCanceledException)
                {
                    end = RelayEnd.Stopped;
                    break;
                }
                catch (Exception ex) when (RelayFailure.IsConnectionFailure(ex))
                {
                    clientGone = true;
                }
                if (clientGone)
                {
                    end = EndAbnormally(RelayEnd.ClientVanished);
                    break;
                }
                if (step != ServerStep.Continue)
                {
                    end = EndAbnormally(step == ServerStep.Fatal ? RelayEnd.ServerFatal : RelayEnd.ServerClosed);
                    break;
                }
                if (read.IsCompleted)
                {
                    end = EndAbnormally(RelayEnd.ServerClosed);
                    break;
                }
                if (await TryReleaseAsync(backend).ConfigureAwait(false) is { } released)
                {
                    end = released;
                    break;
                }
            }
            if (!_released)
            {
                return end;
            }
            // Given back: the signal was armed then, and exactly one of the next attach or the stop sets it.
            _released = false;
            if (await _attachSignal.WaitAsync().ConfigureAwait(false) is not { } next)
            {
                return RelayEnd.Stopped;
            }
            backend = next;
        }
    }

    /// <summary>Gives the backend back when this is a release point; returns how the loop ends, or null to keep reading.</summary>
    private async ValueTask<RelayEnd?> TryReleaseAsync(BackendConnection backend)
    {
        DetachReason reason;
        lock (_gate)
        {
            if (_stopping)
            {
                return RelayEnd.Stopped;
            }
            if (!AtReleasePoint())
            {
                return null;
            }
            reason = LetGo(backend);
            // Armed before the client loop can see no backend attached: its next attach sets it, exactly once.
            _attachSignal.Arm();
            _awaitingAttach = true;
            _released = true;
        }
        await _source.DetachAsync(backend, reason, _cancellation).ConfigureAwait(false);
        return RelayEnd.Stopped;
    }

    /// <summary>
    /// Under the lock: the server is idle between messages with nothing in flight, and the client side is not writing.
    /// When only the client side's write is in the way, it is asked to wake the server side once done; when its wake
    /// is already on the way, the server side takes it first.
    /// </summary>
    private bool AtReleasePoint()
    {
        if (!_serverIdleAtBoundary || _lastStatus != TransactionStatus.Idle || _replies.Count != 0 || _openExtended || _clientBodyRemaining != 0)
        {
            return false;
        }
        if (Volatile.Read(ref _clientWrite) != ClientWriteNone
            && Interlocked.CompareExchange(ref _clientWrite, ClientWriteReleaseWanted, ClientWriteInProgress) != ClientWriteNone)
        {
            // Still writing (now asked to wake this side once done), or asked already.
            return false;
        }
        return !_wakePending;
    }

    /// <summary>Under the lock, at a release point: the relay lets go of the backend; what its give-back must know.</summary>
    private DetachReason LetGo(BackendConnection backend)
    {
        var reason = new DetachReason(_namedParseSeen, _statementsUnknown);
        AttributeQueries(backend);
        _backend = null;
        _cache = null;
        _serverIdleAtBoundary = false;
        _namedParseSeen = false;
        _statementsUnknown = false;
        return reason;
    }

    private RelayEnd EndAbnormally(RelayEnd end)
    {
        lock (_gate)
        {
            // The first end names it: a direct side whose socket also ends after it has ended must not rename it.
            _serverEnd ??= end;
        }
        // The client side may be parked on an idle client: it must learn that its backend is gone.
        if (_directClient is { } direct)
        {
            direct.Socket.PokeReceiver(direct);
        }
        else
        {
            _clientInput!.CancelPendingRead();
        }
        return end;
    }

    /// <summary>Forwards the server's messages to the client, acting on the pooler's own replies; runs under the lock.</summary>
    private ServerStep ProcessServer(in ReadOnlySequence<byte> buffer, PipeWriter to, out long consumed, out bool endsWithReady)
    {
        var position = 0L;
        var length = buffer.Length;
        endsWithReady = false;
        while (true)
        {
            if (_serverBodyRemaining > 0)
            {
                var take = Math.Min(length - position, _serverBodyRemaining);
                if (take == 0)
                {
                    consumed = position;
                    return ServerStep.Continue;
                }
                Copy(buffer.Slice(position, take), to);
                position += take;
                _serverBodyRemaining -= take;
                _bytesFromServer += take;
                endsWithReady = false;
                continue;
            }
            consumed = position;
            var rest = buffer.Slice(position);
            if (!MessageHeader.TryRead(rest, out var header))
            {
                return ServerStep.Continue;
            }
            if (header.Length < MessageHeader.MinLength)
            {
                return ServerStep.Invalid;
            }
            var total = header.TotalSize;
            var decoded = header.Tag is BackendTag.ParseComplete or BackendTag.CloseComplete or BackendTag.ReadyForQuery
                or BackendTag.ErrorResponse or BackendTag.ParameterStatus;
            if (header.Tag == BackendTag.ErrorResponse && total > InspectLimit)
            {
                // A long error (one quoting a huge value) is judged by its head and streams on.
                var headLength = MessageHeader.Size + RelayFrameScanner.ErrorPrefixCapacity;
                if (rest.Length < headLength)
                {
                    return ServerStep.Continue;
                }
                var fatal = OnErrorResponse(rest.Slice(0, headLength));
                var streamed = Math.Min(rest.Length, total);
                Copy(rest.Slice(0, streamed), to);
                _serverBodyRemaining = total - streamed;
                _bytesFromServer += streamed;
                position += streamed;
                endsWithReady = false;
                if (fatal)
                {
                    consumed = position;
                    return ServerStep.Fatal;
                }
                continue;
            }
            if (total > InspectLimit)
            {
                // Only a ParameterStatus can be this long: relayed, not tracked.
                decoded = false;
            }
            if (!decoded)
            {
                var available = Math.Min(rest.Length, total);
                Copy(rest.Slice(0, available), to);
                _serverBodyRemaining = total - available;
                _bytesFromServer += available;
                position += available;
                endsWithReady = false;
                continue;
            }
            if (rest.Length < total)
            {
                return ServerStep.Continue;
            }
            var message = rest.Slice(0, total);
            position += total;
            _bytesFromServer += total;
            endsWithReady = header.Tag == BackendTag.ReadyForQuery;
            switch (header.Tag)
            {
                case BackendTag.ParseComplete:
                    OnParseComplete(message, to);
                    break;
                case BackendTag.CloseComplete:
                    OnCloseComplete(message, to);
                    break;
                case BackendTag.ReadyForQuery:
                    OnReadyForQuery(message);
                    Copy(message, to);
                    break;
                case BackendTag.ParameterStatus:
                    if (ParameterStatusReader.TryParse(message.Slice(MessageHeader.Size), out var name, out var value))
                    {
                        _settings.RecordReported(_backend!, name, value);
                    }
                    Copy(message, to);
                    break;
                default:
                    Copy(message, to);
                    if (OnErrorResponse(message))
                    {
                        consumed = position;
                        return ServerStep.Fatal;
                    }
                    break;
            }
        }
    }

    private void OnParseComplete(in ReadOnlySequence<byte> message, PipeWriter to)
    {
        if (!_replies.TryPeek(out var expected) || expected.IsReady)
        {
            Copy(message, to);
            return;
        }
        _replies.TryDequeue(out _);
        switch (expected.Kind)
        {
            case PendingReplyKind.ReplayedParse:
                _cache?.Add(expected.Statement!);
                return;
            case PendingReplyKind.ClientNamedParse:
                _cache?.Add(expected.Statement!);
                break;
        }
        Copy(message, to);
    }

    private void OnCloseComplete(in ReadOnlySequence<byte> message, PipeWriter to)
    {
        if (!_replies.TryPeek(out var expected) || expected.IsReady)
        {
            Copy(message, to);
            return;
        }
        _replies.TryDequeue(out _);
        switch (expected.Kind)
        {
            case PendingReplyKind.EvictionClose:
                _cache?.Remove(expected.Statement!);
                return;
            case PendingReplyKind.ParseAnsweredByClose:
                to.Write(ParseCompleteMessage);
                return;
        }
        Copy(message, to);
    }

    private void OnReadyForQuery(in ReadOnlySequence<byte> message)
    {
        var status = message.Length > MessageHeader.Size ? message.Slice(MessageHeader.Size, 1).FirstSpan[0] : TransactionStatus.Idle;
        while (_replies.TryDequeue(out var expected))
        {
            if (expected.IsReady)
            {
                break;
            }
            // A reply that never came before ReadyForQuery: the message was skipped after an error.
            Skipped(expected);
        }
        if (_lastStatus == TransactionStatus.Idle && status != TransactionStatus.Idle)
        {
            _transactions++;
        }
        _lastStatus = status;
    }

    /// <summary>
    /// After an error PostgreSQL skips every message up to Sync: the statement work queued for them never happened,
    /// and the pooler's view is put back to what the backend really holds. True for FATAL and PANIC.
    /// </summary>
    private bool OnErrorResponse(in ReadOnlySequence<byte> message)
    {
        while (_replies.TryPeek(out var expected))
        {
            if (expected.IsReady)
            {
                if (expected.Kind == PendingReplyKind.ReadyResettingStatements)
                {
                    _statementsUnknown = true;
                }
                break;
            }
            _replies.TryDequeue(out _);
            Skipped(expected);
        }
        var body = message.Slice(MessageHeader.Size);
        var prefixLength = (int)Math.Min(body.Length, RelayFrameScanner.ErrorPrefixCapacity);
        Span<byte> prefix = stackalloc byte[RelayFrameScanner.ErrorPrefixCapacity];
        body.Slice(0, prefixLength).CopyTo(prefix);
        return ErrorSeverity.IsFatalOrPanic(prefix[..prefixLength]);
    }

    private void Skipped(in PendingReply expected)
    {
        switch (expected.Kind)
        {
            case PendingReplyKind.ClientNamedParse:
                _cache?.Remove(expected.Statement!);
                _statements?.RemoveIfSame(expected.ClientName!, expected.Statement!);
                break;
            case PendingReplyKind.ParseAnsweredByClose:
                _statements?.RemoveIfSame(expected.ClientName!, expected.Statement!);
                break;
            case PendingReplyKind.ReplayedParse:
                _cache?.Remove(expected.Statement!);
                break;
            case PendingReplyKind.EvictionClose:
                _cache?.AddAsOldest(expected.Statement!);
                break;
        }
    }
}
