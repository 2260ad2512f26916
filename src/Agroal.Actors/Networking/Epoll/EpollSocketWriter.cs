using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// The output of an <see cref="EpollConnection"/>: a flush sends the written bytes with send(2) on the flushing
/// thread, straight from the writer's buffer. No pipe and no send loop sit between the relay and the socket, which
/// saved the four pipe locks and the loop's resumption that every flush used to cost. Only a full socket queues
/// bytes: the flush that met it marks the writer draining, later flushes add to the queue, and the loop's writable
/// edge sends them (<see cref="OnWritable"/>). A flush waits only when more than <see cref="PauseThreshold"/> bytes
/// are queued, as Kestrel's output pipe makes it wait past its 64 KiB.
/// </summary>
/// <remarks>
/// The writer's buffer is rented when a message is written and given back once a flush has sent all of it, so an
/// idle connection holds none. Only the writer's thread rents, grows or gives back the buffer (a buffer handed back
/// from another thread could still be written through a span the application holds); the loop thread reads it, under
/// the connection's descriptor gate, only while draining.
/// </remarks>
internal sealed class EpollSocketWriter : PipeWriter
{
    /// <summary>The smallest buffer rented: one pgbench transaction's replies fit in it several times over.</summary>
    private const int MinimumBuffer = 4096;

    /// <summary>Kestrel's MaxWriteBufferSize: above this much queued a flush waits for the socket.</summary>
    private const int PauseThreshold = 64 * 1024;

    /// <summary>A waiting flush resumes once the queue is this short again.</summary>
    private const int ResumeThreshold = 32 * 1024;

    private readonly EpollConnection _connection;
    private readonly Lock _gate;

    // Changed by the writer's thread only (the buffer under the gate too, since a drain reads it).
    private byte[]? _buffer;
    private int _written;

    // Guarded by _gate.
    private int _sent;
    private int _committed;
    private bool _completed;
    private bool _ended;
    private Exception? _failure;
    private bool _cancelNextFlush;
    private TaskCompletionSource<FlushResult>? _flushWaiter;

    /// <summary>
    /// Set under the gate; read without it by every writable edge, which nearly always finds it false. Kept on the
    /// connection, so that the loop's dispatch of an edge reads it from the object it already holds.
    /// </summary>
    private bool Draining
    {
        get => _connection.WriterDraining;
        set
        {
            // Every send that empties the queue clears it: a store only when it changes keeps the line clean.
            if (_connection.WriterDraining != value)
            {
                _connection.WriterDraining = value;
            }
        }
    }

    /// <summary>Under the gate: a connection whose direct receiver paused on this writer's long queue, resumed once it drains.</summary>
    private EpollConnection? _pausedSender;

    public EpollSocketWriter(EpollConnection connection, Lock gate)
    {
        _connection = connection;
        _gate = gate;
    }

    private enum SendOutcome
    {
        AllSent,
        WouldBlock,
        Failed,
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_completed)
        {
            throw new InvalidOperationException("Writing is not allowed after the writer was completed.");
        }
        var need = Math.Max(sizeHint, 1);
        var buffer = _buffer;
        if (buffer is not null && buffer.Length - _written >= need)
        {
            return buffer.AsMemory(_written);
        }
        return Grow(need);
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if ((uint)bytes > (uint)((_buffer?.Length ?? 0) - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "Advanced past the memory the writer gave out.");
        }
        _written += bytes;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        SendOutcome outcome;
        lock (_gate)
        {
            if (_ended)
            {
                return EndedResult();
            }
            // As a pipe's, a flush cancelled in advance still commits its bytes; only its result says cancelled.
            var cancelled = _cancelNextFlush;
            _cancelNextFlush = false;
            _committed = _written;
            if (Draining)
            {
                // Behind bytes that wait for the socket: they go first, on the writable edge.
                return cancelled ? CancelledResult : QueuedResult(cancellationToken);
            }
            outcome = SendCommitted();
            if (outcome == SendOutcome.AllSent)
            {
                ReleaseBufferIfEmpty();
                return cancelled ? CancelledResult : default;
            }
            if (outcome == SendOutcome.WouldBlock)
            {
                return cancelled ? CancelledResult : QueuedResult(cancellationToken);
            }
            _ended = true;
        }
        _connection.EndSendSide();
        return EndedResult();
    }

    public override void CancelPendingFlush()
    {
        TaskCompletionSource<FlushResult>? waiter;
        lock (_gate)
        {
            waiter = _flushWaiter;
            _flushWaiter = null;
            _cancelNextFlush = waiter is null;
        }
        waiter?.TrySetResult(new FlushResult(isCanceled: true, isCompleted: false));
    }

    /// <summary>Sends what was written and not yet flushed too, as a completed pipe shows its reader the uncommitted tail.</summary>
    public override void Complete(Exception? exception = null)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }
            _completed = true;
            if (_ended)
            {
                return;
            }
            _committed = _written;
            var outcome = Draining ? SendOutcome.WouldBlock : SendCommitted();
            if (outcome == SendOutcome.WouldBlock)
            {
                // The drain ends the send side once the queue is out.
                return;
            }
            if (outcome == SendOutcome.AllSent)
            {
                ReleaseBufferIfEmpty();
            }
            _ended = true;
        }
        _connection.EndSendSide();
    }

    /// <summary>
    /// The connection is aborted (its socket is shut down right after): the send side ends now, and bytes still queued
    /// for the socket are dropped, as the shut-down socket would refuse them.
    /// </summary>
    internal void Abort()
    {
        TaskCompletionSource<FlushResult>? waiter;
        EpollConnection? paused;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }
            _ended = true;
            Draining = false;
            waiter = TakeWaiter();
            paused = TakePausedSender();
        }
        waiter?.TrySetResult(new FlushResult(isCanceled: false, isCompleted: true));
        // Its receiver learns on its next send that this side is over.
        paused?.ResumeAfterDrain();
        _connection.EndSendSide();
    }

    /// <summary>
    /// On the loop thread, at a readiness edge that says writable, errored or hung up while bytes wait for the socket
    /// (the connection reads the flag before calling; it is read again here under the gate).
    /// </summary>
    internal void OnWritable()
    {
        TaskCompletionSource<FlushResult>? waiter = null;
        EpollConnection? paused = null;
        var end = false;
        lock (_gate)
        {
            if (!Draining || _ended)
            {
                return;
            }
            switch (SendCommitted())
            {
                case SendOutcome.AllSent:
                    waiter = TakeWaiter();
                    paused = TakePausedSender();
                    end = _completed;
                    break;
                case SendOutcome.WouldBlock:
                    if (_committed - _sent <= ResumeThreshold)
                    {
                        waiter = TakeWaiter();
                        paused = TakePausedSender();
                    }
                    break;
                default:
                    waiter = TakeWaiter();
                    paused = TakePausedSender();
                    end = true;
                    break;
            }
            _ended |= end;
        }
        paused?.ResumeAfterDrain();
        if (waiter is not null)
        {
            if (end && _failure is { } failure)
            {
                waiter.TrySetException(failure);
            }
            else
            {
                waiter.TrySetResult(new FlushResult(isCanceled: false, isCompleted: end));
            }
        }
        if (end)
        {
            _connection.EndSendSide();
        }
    }

    /// <summary>
    /// Under the gate: sends the committed bytes until they are out or the socket is full. A full socket turns the
    /// writer to draining before one more try, so a writable edge that came between the two is not lost: either the
    /// retry gets through, or the space frees later and its edge finds the writer draining.
    /// </summary>
    private SendOutcome SendCommitted()
    {
        var retried = false;
        while (_sent < _committed)
        {
            var sent = _connection.SendUnderGate(_buffer.AsSpan(_sent, _committed - _sent), out var errno);
            if (sent > 0)
            {
                _sent += sent;
                continue;
            }
            if (errno == EpollInterop.ErrorWouldBlock)
            {
                if (!retried)
                {
                    Draining = true;
                    retried = true;
                    continue;
                }
                return SendOutcome.WouldBlock;
            }
            var socketError = SocketErrors.FromErrno(errno);
            _failure = new ConnectionResetException(socketError.Message, socketError);
            Draining = false;
            return SendOutcome.Failed;
        }
        Draining = false;
        return SendOutcome.AllSent;
    }

    /// <summary>Under the gate: a flush that met a full socket waits only while the queue is long.</summary>
    private ValueTask<FlushResult> QueuedResult(CancellationToken cancellationToken)
    {
        if (_committed - _sent <= PauseThreshold)
        {
            return default;
        }
        _flushWaiter ??= new TaskCompletionSource<FlushResult>();
        var task = _flushWaiter.Task;
        return new ValueTask<FlushResult>(cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task);
    }

    private static ValueTask<FlushResult> CancelledResult => new(new FlushResult(isCanceled: true, isCompleted: false));

    /// <summary>After the send side ended: a send failure is thrown, as a pipe throws its reader's error; otherwise the flush says completed.</summary>
    private ValueTask<FlushResult> EndedResult()
    {
        if (_failure is { } failure)
        {
            return ValueTask.FromException<FlushResult>(failure);
        }
        return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: true));
    }

    private EpollConnection? TakePausedSender()
    {
        var paused = _pausedSender;
        _pausedSender = null;
        return paused;
    }

    /// <summary>
    /// For a direct receiver relaying into this writer, on its own loop thread (it is the writer's only user while it
    /// relays): sends <paramref name="bytes"/> straight from the caller's buffer when nothing waits before them, and
    /// copies only what the socket would not take. Past <see cref="PauseThreshold"/> queued bytes the sender is told to
    /// pause, and this writer resumes <paramref name="sender"/> once its queue is short again.
    /// </summary>
    internal DirectSendOutcome SendDirect(ReadOnlySpan<byte> bytes, EpollConnection sender)
    {
        lock (_gate)
        {
            if (_ended || _completed)
            {
                return DirectSendOutcome.Ended;
            }
            if (!Draining && _sent == _written)
            {
                ReleaseBufferIfEmpty();
                bytes = bytes[SendWhatFits(bytes)..];
                if (bytes.IsEmpty)
                {
                    return DirectSendOutcome.Accepted;
                }
            }
            // Behind what waits for the socket, or what the socket just refused (or failed on: the commit's own send
            // meets the failure again and says so).
            bytes.CopyTo(GrowUnderGate(bytes.Length).Span);
            _written += bytes.Length;
            var outcome = CommitUnderGate(sender);
            if (outcome != DirectSendOutcome.Ended)
            {
                return outcome;
            }
        }
        _connection.EndSendSide();
        return DirectSendOutcome.Ended;
    }

    /// <summary>
    /// For a direct receiver that wrote its bytes through <see cref="GetSpan"/> and <see cref="Advance"/> on its loop
    /// thread: the flush, except that a long queue pauses <paramref name="sender"/> (resumed once it drains) instead of
    /// making a caller wait.
    /// </summary>
    internal DirectSendOutcome CommitDirect(EpollConnection sender)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return DirectSendOutcome.Ended;
            }
            var outcome = CommitUnderGate(sender);
            if (outcome != DirectSendOutcome.Ended)
            {
                return outcome;
            }
        }
        _connection.EndSendSide();
        return DirectSendOutcome.Ended;
    }

    /// <summary>
    /// Under the gate: commits what was written and sends it, unless bytes already wait for the socket (they go first,
    /// on the writable edge). <see cref="DirectSendOutcome.Ended"/> marks the send side over; the caller ends it outside
    /// the gate.
    /// </summary>
    private DirectSendOutcome CommitUnderGate(EpollConnection sender)
    {
        _committed = _written;
        if (!Draining)
        {
            var outcome = SendCommitted();
            if (outcome == SendOutcome.AllSent)
            {
                ReleaseBufferIfEmpty();
                return DirectSendOutcome.Accepted;
            }
            if (outcome == SendOutcome.Failed)
            {
                _ended = true;
                return DirectSendOutcome.Ended;
            }
        }
        if (_committed - _sent <= PauseThreshold)
        {
            return DirectSendOutcome.Accepted;
        }
        _pausedSender = sender;
        return DirectSendOutcome.Pause;
    }

    /// <summary>Under the gate: send(2) of the caller's bytes until the socket refuses more; how many went out.</summary>
    private int SendWhatFits(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var sent = _connection.SendUnderGate(bytes[offset..], out _);
            if (sent <= 0)
            {
                break;
            }
            offset += sent;
        }
        return offset;
    }

    private TaskCompletionSource<FlushResult>? TakeWaiter()
    {
        var waiter = _flushWaiter;
        _flushWaiter = null;
        return waiter;
    }

    /// <summary>Under the gate, on the writer's thread: everything written went out, so the buffer goes back to the pool.</summary>
    private void ReleaseBufferIfEmpty()
    {
        if (_sent != _written || _buffer is not { } buffer)
        {
            return;
        }
        _buffer = null;
        _sent = _committed = _written = 0;
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>On the writer's thread: a bigger buffer, or a fresh one, keeping the bytes not yet sent at its start.</summary>
    private Memory<byte> Grow(int need)
    {
        if (_buffer is null)
        {
            // The first write of a burst: with no buffer nothing is queued, so no drain can be reading one, and the
            // next flush publishes this one under the gate before any drain could start.
            var fresh = ArrayPool<byte>.Shared.Rent(Math.Max(MinimumBuffer, need));
            _buffer = fresh;
            return fresh.AsMemory();
        }
        lock (_gate)
        {
            return GrowUnderGate(need);
        }
    }

    /// <summary>Under the gate, on the writer's thread: room for <paramref name="need"/> more bytes after those written.</summary>
    private Memory<byte> GrowUnderGate(int need)
    {
        var old = _buffer;
        if (old is null)
        {
            var fresh = ArrayPool<byte>.Shared.Rent(Math.Max(MinimumBuffer, need));
            _buffer = fresh;
            return fresh.AsMemory();
        }
        if (old.Length - _written >= need)
        {
            return old.AsMemory(_written);
        }
        var pending = _written - _sent;
        if (pending == 0 && old.Length >= need)
        {
            _sent = _committed = _written = 0;
            return old.AsMemory();
        }
        // The pool's buckets are powers of two, so each growth at least doubles the buffer.
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(MinimumBuffer, pending + need));
        old.AsSpan(_sent, pending).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(old);
        _committed -= _sent;
        _written = pending;
        _sent = 0;
        _buffer = grown;
        return grown.AsMemory(_written);
    }
}
