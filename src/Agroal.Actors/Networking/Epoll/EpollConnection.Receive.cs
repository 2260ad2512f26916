using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Networking.Epoll;

internal sealed partial class EpollConnection
{
    /// <summary>Asks the pipe for at least this much room per recv; the pipe's segments are 4 KiB.</summary>
    private const int MinimumReceive = 2048;

    /// <summary>
    /// A sender faster than the relay could keep one connection in its receive round for ever, unflushed; past this
    /// much the round ends, and the connection queues behind the loop's other work for the next one.
    /// </summary>
    private const int MaxReceivePerRound = 256 * 1024;

    private readonly Action _flushed;
    private ReceiveState _receive;
    private ValueTask<FlushResult> _pendingFlush;
    private ConnectionAbortedException? _abortReason;

    /// <summary>The peer's end of stream or a hang-up was reported: read until recv says 0 or EAGAIN, not just until a short read.</summary>
    private bool _peerClosing;

    private enum ReceiveState
    {
        /// <summary>A backend socket whose connect has not completed: readiness only wakes the connector.</summary>
        Connecting,
        Receiving,

        /// <summary>The input pipe is full; the loop reads again once the application has consumed enough.</summary>
        Paused,
        Ended,
    }

    /// <summary>On the loop thread, for each readiness edge of the socket.</summary>
    internal void OnReadiness(uint readiness)
    {
        if ((readiness & (EpollInterop.EpollOut | EpollInterop.EpollError | EpollInterop.EpollHangUp)) != 0)
        {
            SignalWritable();
        }
        const uint closing = EpollInterop.EpollPeerClosedWrite | EpollInterop.EpollHangUp | EpollInterop.EpollError;
        if ((readiness & closing) != 0)
        {
            _peerClosing = true;
        }
        if ((readiness & (EpollInterop.EpollIn | closing)) != 0 && _receive == ReceiveState.Receiving)
        {
            Receive();
        }
    }

    /// <summary>
    /// On the loop thread: moves what the socket holds into the input pipe and flushes it, which runs the reader's
    /// continuation (the relay) right here. A stream socket returns less than asked only when its queue is empty,
    /// and the edge-triggered registration raises a new edge for any later arrival, so a short read ends the round
    /// without the extra recv that would only say EAGAIN.
    /// </summary>
    private unsafe void Receive()
    {
        if (_receiver is { } receiver)
        {
            ReceiveDirect(receiver);
            return;
        }
        var writer = _input.Writer;
        var total = 0;
        var more = false;
        while (true)
        {
            var memory = writer.GetMemory(MinimumReceive);
            nint received;
            int errno;
            fixed (byte* buffer = memory.Span)
            {
                received = EpollInterop.Receive(_fd, buffer, (nuint)memory.Length, 0, out errno);
            }
            if (received > 0)
            {
                writer.Advance((int)received);
                total += (int)received;
                if (received < memory.Length && !_peerClosing)
                {
                    break;
                }
                if (total >= MaxReceivePerRound)
                {
                    more = true;
                    break;
                }
                continue;
            }
            if (RetriesAfter(received, errno))
            {
                continue;
            }
            if (_receive == ReceiveState.Ended)
            {
                return;
            }
            break;
        }
        FlushInput(resumeAfter: more);
    }

    /// <summary>
    /// On the loop thread: publishes what was written into the input pipe, which runs its reader inline. A full pipe
    /// pauses the receive until the reader has consumed enough; <paramref name="resumeAfter"/> queues the next round
    /// of a receive that stopped at its limit.
    /// </summary>
    private void FlushInput(bool resumeAfter)
    {
        var flush = _input.Writer.FlushAsync();
        if (flush.IsCompleted)
        {
            if (flush.Result.IsCompleted)
            {
                // The application completed its reader: nothing more will be read.
                EndReceive(null);
            }
            else if (resumeAfter)
            {
                _loop.PostResume(this);
            }
            return;
        }
        _receive = ReceiveState.Paused;
        _pendingFlush = flush;
        flush.GetAwaiter().UnsafeOnCompleted(_flushed);
    }

    /// <summary>
    /// After a recv that returned 0 or failed (with the call's <paramref name="errno"/>): the end of stream and real
    /// errors end the receive side; true only for EINTR, which the round retries. EAGAIN leaves the round to end as it does.
    /// </summary>
    private bool RetriesAfter(nint received, int errno)
    {
        if (received == 0)
        {
            EndReceive(null);
            return false;
        }
        if (errno == EpollInterop.ErrorInterrupted)
        {
            return true;
        }
        if (errno != EpollInterop.ErrorWouldBlock)
        {
            EndReceive(errno);
        }
        return false;
    }

    /// <summary>On whichever thread consumed enough of the input; the next recv belongs to the loop.</summary>
    private void OnFlushed() => _loop.PostResume(this);

    /// <summary>On the loop thread: after a paused flush completed, a connect succeeded, or a round stopped at its limit.</summary>
    internal void ResumeReceive()
    {
        if (_receive == ReceiveState.Paused)
        {
            // A resume queued before this pause (a round that stopped at its limit): the flush's own callback comes later.
            if (!_pendingFlush.IsCompleted)
            {
                return;
            }
            var flush = _pendingFlush;
            _pendingFlush = default;
            if (flush.GetAwaiter().GetResult().IsCompleted)
            {
                EndReceive(null);
                return;
            }
        }
        else if (_receive == ReceiveState.Ended)
        {
            return;
        }
        _receive = ReceiveState.Receiving;
        if (_receiver is { } receiver && !DeliverPipedBytes(receiver))
        {
            return;
        }
        // The readiness edge may have come and gone while paused: read whatever is there now.
        Receive();
    }

    /// <summary>On the loop thread.</summary>
    internal void EndReceiveOnLoop() => EndReceive(null);

    private void EndReceive(int? errno)
    {
        if (_receive == ReceiveState.Ended)
        {
            return;
        }
        _receive = ReceiveState.Ended;
        // As Kestrel's socket transport: once the socket was shut down by us, the input ends with that reason.
        Exception? error = _abortReason;
        if (error is null && errno is { } code)
        {
            var socketError = SocketErrors.FromErrno(code);
            error = new ConnectionResetException(socketError.Message, socketError);
        }
        _input.Writer.Complete(error);
        SignalClosed();
        HalfEnded();
        if (_receiver is { } receiver)
        {
            DetachNow(receiver, receiveEnded: true);
        }
    }
}
