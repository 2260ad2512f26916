using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Agroal.Actors.Clients.PreparedStatements;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>The client messages that name a prepared statement: renamed, replayed where missing, answered in order.</summary>
public sealed partial class TransactionRelay
{
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
}
