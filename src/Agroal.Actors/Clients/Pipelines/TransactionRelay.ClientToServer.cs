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
    }

    private async Task<RelayEnd> PumpClientToServerAsync(PipeReader from, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read;
            try
            {
                read = await from.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
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
                    if (_serverEnd is { } ended && ended != RelayEnd.Stopped)
                    {
                        from.AdvanceTo(buffer.Start);
                        return ended;
                    }
                    backend = _backend;
                    wrote = false;
                    step = backend is null ? ProcessWhileDetached(buffer, out consumed) : ProcessClient(buffer, backend.Output, out consumed, ref wrote);
                    if (wrote)
                    {
                        _clientWriting = true;
                    }
                }
                if (wrote && !await FlushBackendAsync(backend!, cancellationToken).ConfigureAwait(false))
                {
                    from.AdvanceTo(buffer.Start);
                    return RelayEnd.ServerClosed;
                }
                buffer = buffer.Slice(consumed);
                switch (step)
                {
                    case ClientStep.NeedBackend:
                        if (!await AttachAsync(cancellationToken).ConfigureAwait(false))
                        {
                            from.AdvanceTo(buffer.Start);
                            return RelayEnd.Stopped;
                        }
                        continue;
                    case ClientStep.Terminated:
                        from.AdvanceTo(buffer.Start);
                        return RelayEnd.ClientTerminated;
                    case ClientStep.Invalid:
                        from.AdvanceTo(buffer.Start);
                        return RelayEnd.ClientProtocolViolation;
                }
                break;
            }
            from.AdvanceTo(buffer.Start, buffer.End);
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
            return _serverEnd is { } ended && ended != RelayEnd.Stopped ? ended : null;
        }
    }

    private async ValueTask<bool> FlushBackendAsync(BackendConnection backend, CancellationToken cancellationToken)
    {
        var ok = true;
        try
        {
            var flushed = await backend.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            ok = !flushed.IsCompleted;
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            ok = false;
        }
        bool wake;
        lock (_gate)
        {
            _clientWriting = false;
            wake = _releaseWanted && ReferenceEquals(_backend, backend);
            _releaseWanted = false;
        }
        if (wake)
        {
            // The server loop saw the release point while this side was writing; it re-checks once woken.
            backend.Input.CancelPendingRead();
        }
        return ok;
    }

    private async ValueTask<bool> AttachAsync(CancellationToken cancellationToken)
    {
        var backend = await _source.AttachAsync(cancellationToken).ConfigureAwait(false);
        if (backend is null)
        {
            return false;
        }
        Interlocked.Increment(ref _attachments);
        lock (_gate)
        {
            _backend = backend;
            _cache = RenamesStatements ? BackendStatementCache.For(backend) : null;
            _lastStatus = IdleStatus;
            _serverIdleAtBoundary = false;
            _serverBodyRemaining = 0;
            _serverEnd = null;
        }
        // Started outside the lock: the loop takes it itself as soon as the backend says anything.
        var loop = PumpServerToClientAsync(backend);
        lock (_gate)
        {
            _serverLoop = loop;
        }
        return true;
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

    private long ForwardParse(in ReadOnlySequence<byte> message, PipeWriter to)
    {
        _openExtended = true;
        var total = (int)message.Length;
        byte[]? rented = null;
        var span = message.IsSingleSegment ? message.FirstSpan : Contiguous(message, ref rented);
        try
        {
            var body = span[MessageHeader.Size..];
            var nameEnd = body.IndexOf((byte)0);
            if (nameEnd > 0)
            {
                _namedParseSeen = true;
            }
            if (!RenamesStatements || nameEnd <= 0)
            {
                _replies.Enqueue(new PendingReply(PendingReplyKind.Parse));
                to.Write(span);
                _bytesFromClient += total;
                return total;
            }
            var statement = StatementNaming.FromDefinition(body[(nameEnd + 1)..]);
            _statements ??= new ClientStatementMap();
            var clientName = _statements.Register(body[..nameEnd], statement);
            var cache = _cache!;
            if (cache.Touch(statement))
            {
                WriteNoOpClose(to);
                _replies.Enqueue(new PendingReply(PendingReplyKind.ParseAnsweredByClose, statement, clientName));
            }
            else
            {
                EvictIfFull(cache, to);
                to.Write(statement.ParseMessage);
                cache.Add(statement);
                _replies.Enqueue(new PendingReply(PendingReplyKind.ClientNamedParse, statement, clientName));
            }
            _bytesFromClient += total;
            return total;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Bind: only the portal and statement names at its head are read; the parameters stream on unchanged.</summary>
    private long ForwardBind(in ReadOnlySequence<byte> rest, MessageHeader header, PipeWriter to)
    {
        _openExtended = true;
        var total = header.TotalSize;
        var headLength = (int)Math.Min(Math.Min(rest.Length, total), BindHeadLimit);
        Span<byte> head = stackalloc byte[BindHeadLimit];
        rest.Slice(0, headLength).CopyTo(head);
        var names = head[MessageHeader.Size..headLength];
        var portalEnd = names.IndexOf((byte)0);
        var statementEnd = portalEnd < 0 ? -1 : names[(portalEnd + 1)..].IndexOf((byte)0);
        if (statementEnd < 0)
        {
            if (headLength < total && headLength < BindHeadLimit)
            {
                return 0;
            }
            // Names longer than the limit (or a malformed message): the server judges it as sent.
            return PassThrough(rest, total, to);
        }
        var clientName = names.Slice(portalEnd + 1, statementEnd);
        if (clientName.IsEmpty || _statements is null || !_statements.TryGet(clientName, out var statement))
        {
            return PassThrough(rest, total, to);
        }
        EnsureOnBackend(statement, to);
        var namesLength = portalEnd + 1 + statementEnd + 1;
        var newLength = header.Length - clientName.Length + statement.NameBytes.Length;
        var output = to.GetSpan(MessageHeader.Size + portalEnd + 1 + statement.NameBytes.Length + 1);
        output[0] = FrontendTag.Bind;
        BinaryPrimitives.WriteInt32BigEndian(output[1..], newLength);
        names[..(portalEnd + 1)].CopyTo(output[MessageHeader.Size..]);
        var at = MessageHeader.Size + portalEnd + 1;
        statement.NameBytes.CopyTo(output[at..]);
        at += statement.NameBytes.Length;
        output[at++] = 0;
        to.Advance(at);
        var taken = MessageHeader.Size + namesLength;
        _bytesFromClient += taken;
        var remaining = rest.Slice(taken);
        var parameters = total - taken;
        var available = Math.Min(remaining.Length, parameters);
        Copy(remaining.Slice(0, available), to);
        _clientBodyRemaining = parameters - available;
        _bytesFromClient += available;
        return taken + available;
    }

    private long ForwardDescribe(in ReadOnlySequence<byte> message, PipeWriter to)
    {
        _openExtended = true;
        var total = (int)message.Length;
        byte[]? rented = null;
        var span = message.IsSingleSegment ? message.FirstSpan : Contiguous(message, ref rented);
        try
        {
            var body = span[MessageHeader.Size..];
            var nameEnd = body.Length > 1 ? body[1..].IndexOf((byte)0) : -1;
            if (body.Length < 2 || body[0] != FrontendMessages.StatementKind || nameEnd <= 0 || _statements is null
                || !_statements.TryGet(body.Slice(1, nameEnd), out var statement))
            {
                to.Write(span);
                _bytesFromClient += total;
                return total;
            }
            EnsureOnBackend(statement, to);
            WriteKindAndName(to, FrontendTag.Describe, FrontendMessages.StatementKind, statement.NameBytes);
            _bytesFromClient += total;
            return total;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Close goes through unchanged: a client name never exists on the backend, so closing it there is a no-op that
    /// still answers CloseComplete in order, and the shared backend statement stays.
    /// </summary>
    private void NoteClose(in ReadOnlySequence<byte> message)
    {
        _openExtended = true;
        _replies.Enqueue(new PendingReply(PendingReplyKind.Close));
        if (!RenamesStatements || _statements is null || message.Length < MessageHeader.Size + 2)
        {
            return;
        }
        Span<byte> small = stackalloc byte[256];
        if (message.Length > small.Length)
        {
            var whole = message.ToArray();
            ForgetClosed(whole.AsSpan(MessageHeader.Size));
            return;
        }
        message.CopyTo(small);
        ForgetClosed(small[MessageHeader.Size..(int)message.Length]);
    }

    private void ForgetClosed(ReadOnlySpan<byte> body)
    {
        if (body[0] != FrontendMessages.StatementKind)
        {
            return;
        }
        var nameEnd = body[1..].IndexOf((byte)0);
        if (nameEnd > 0)
        {
            _statements!.Remove(body.Slice(1, nameEnd));
        }
    }

    /// <summary>Replays the statement's Parse when the backend lacks it; its ParseComplete will be swallowed.</summary>
    private void EnsureOnBackend(ServerStatement statement, PipeWriter to)
    {
        var cache = _cache!;
        if (cache.Touch(statement))
        {
            return;
        }
        EvictIfFull(cache, to);
        to.Write(statement.ParseMessage);
        cache.Add(statement);
        _replies.Enqueue(new PendingReply(PendingReplyKind.ReplayedParse, statement));
    }

    private void EvictIfFull(BackendStatementCache cache, PipeWriter to)
    {
        while (cache.Count >= _maxPreparedStatements && cache.RemoveOldest() is { } oldest)
        {
            WriteKindAndName(to, FrontendTag.Close, FrontendMessages.StatementKind, oldest.NameBytes);
            _replies.Enqueue(new PendingReply(PendingReplyKind.EvictionClose, oldest));
        }
    }

    private static void WriteNoOpClose(PipeWriter to) =>
        WriteKindAndName(to, FrontendTag.Close, FrontendMessages.PortalKind, NoOpPortalName);

    private static void WriteKindAndName(PipeWriter to, byte tag, byte kind, ReadOnlySpan<byte> name)
    {
        var size = MessageHeader.Size + 1 + name.Length + 1;
        var output = to.GetSpan(size);
        output[0] = tag;
        BinaryPrimitives.WriteInt32BigEndian(output[1..], size - 1);
        output[MessageHeader.Size] = kind;
        name.CopyTo(output[(MessageHeader.Size + 1)..]);
        output[size - 1] = 0;
        to.Advance(size);
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
