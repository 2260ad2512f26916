using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Networking.Epoll;

internal sealed partial class EpollConnection
{
    /// <summary>Loop thread only: while set, received bytes go to it instead of the input pipe.</summary>
    private IDirectReceiver? _receiver;

    /// <summary>
    /// Hands the received bytes to <paramref name="receiver"/>, from the bytes already in the input pipe on, until it
    /// detaches. The caller must not read the input meanwhile; <see cref="IDirectReceiver.OnDetached"/> gives it back.
    /// </summary>
    internal void AttachReceiver(IDirectReceiver receiver) => _loop.PostAttach(this, receiver);

    /// <summary>Ends <paramref name="receiver"/>'s hold on the received bytes; nothing if it already ended.</summary>
    internal void DetachReceiver(IDirectReceiver receiver) => _loop.PostDetach(this, receiver);

    /// <summary>Has <paramref name="receiver"/> look at its state again on the loop, if it still holds the bytes.</summary>
    internal void PokeReceiver(IDirectReceiver receiver) => _loop.PostPoke(this, receiver);

    /// <summary>On the loop thread.</summary>
    internal void PokeOnLoop(IDirectReceiver receiver)
    {
        if (_receiver != receiver)
        {
            return;
        }
        var verdict = receiver.OnPoked();
        if (verdict == DirectReceiveVerdict.Detach)
        {
            DetachOnLoop(receiver);
        }
        else if (verdict == DirectReceiveVerdict.Resume && _receive == ReceiveState.Paused && _pendingFlush.IsCompleted)
        {
            // Paused by the receiver itself (not for a full pipe): what arrived meanwhile is read now.
            ResumeReceive();
        }
    }

    /// <summary>The writer this connection's bytes go out through, for a direct receiver relaying into it.</summary>
    internal EpollSocketWriter Writer => _writer;

    /// <summary>A writer this connection's receiver paused on has drained: receive again, on the loop.</summary>
    internal void ResumeAfterDrain() => _loop.PostResume(this);

    /// <summary>On the loop thread: bytes the pipe holds go to the receiver first, then whatever the socket brings.</summary>
    internal void AttachOnLoop(IDirectReceiver receiver)
    {
        _receiver = receiver;
        if (DeliverPipedBytes(receiver) && _receive == ReceiveState.Ended)
        {
            DetachNow(receiver, receiveEnded: true);
        }
    }

    /// <summary>
    /// On the loop thread: hands the receiver what the input pipe holds (bytes received before it attached, or left
    /// there by a pause). False when the receiver paused or detached on them.
    /// </summary>
    private bool DeliverPipedBytes(IDirectReceiver receiver)
    {
        var input = _input.Reader;
        // At most twice: a cancelled read a pipe reader left behind first, then what is really there.
        for (var attempt = 0; attempt < 2 && TryReadPiped(input, out var read); attempt++)
        {
            var buffer = read.Buffer;
            if (buffer.IsEmpty)
            {
                input.AdvanceTo(buffer.Start);
                if (read.IsCanceled)
                {
                    continue;
                }
                return true;
            }
            long taken = 0;
            foreach (var segment in buffer)
            {
                var verdict = receiver.OnReceived(segment, out var consumed);
                if (verdict == DirectReceiveVerdict.Detach)
                {
                    input.AdvanceTo(buffer.GetPosition(taken + consumed));
                    DetachNow(receiver, receiveEnded: false);
                    return false;
                }
                taken += segment.Length;
                if (verdict == DirectReceiveVerdict.Pause)
                {
                    // The rest stays in the pipe; the drain's resume delivers it before the next recv (see ResumeReceive).
                    input.AdvanceTo(buffer.GetPosition(taken));
                    PauseForReceiver();
                    return false;
                }
            }
            input.AdvanceTo(buffer.End);
            return true;
        }
        return true;
    }

    /// <summary>
    /// A pipe whose receive ended on an error (a reset) throws that error at its reader, buffered bytes or not: the
    /// receiver then learns of the end from the receive state instead, as the pipe relay's read would have thrown.
    /// </summary>
    private static bool TryReadPiped(PipeReader input, out ReadResult read)
    {
        try
        {
            return input.TryRead(out read);
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException or InvalidOperationException)
        {
            read = default;
            return false;
        }
    }

    /// <summary>On the loop thread: a detach asked for by someone else (the relay's other side ended, or a stop).</summary>
    internal void DetachOnLoop(IDirectReceiver receiver)
    {
        if (_receiver != receiver)
        {
            return;
        }
        _receiver = null;
        if (_receive == ReceiveState.Paused && _pendingFlush.IsCompleted)
        {
            // Paused for the receiver's sake, not for a full pipe: the pipe takes the bytes from here.
            _receive = ReceiveState.Receiving;
            Receive();
        }
        receiver.OnDetached(receiveEnded: false);
    }

    /// <summary>The receiver waits for the other side's writer to drain; its resume comes through the loop's queue.</summary>
    private void PauseForReceiver()
    {
        _receive = ReceiveState.Paused;
        _pendingFlush = default;
    }

    /// <summary>
    /// On the loop thread: the receive round of a connection with a receiver. Each recv's bytes are handed over in
    /// the loop's buffer and consumed before the next recv, so nothing is copied on the way in.
    /// </summary>
    private unsafe void ReceiveDirect(IDirectReceiver receiver)
    {
        var buffer = _loop.ReceiveBuffer;
        var total = 0;
        while (true)
        {
            nint received;
            int errno;
            fixed (byte* start = buffer)
            {
                received = EpollInterop.Receive(_fd, start, (nuint)buffer.Length, 0, out errno);
            }
            if (received > 0)
            {
                var bytes = buffer.AsMemory(0, (int)received);
                var verdict = receiver.OnReceived(bytes, out var consumed);
                if (verdict == DirectReceiveVerdict.Detach)
                {
                    GiveBackToPipe(bytes.Span[consumed..]);
                    if (received == buffer.Length || _peerClosing)
                    {
                        // Bytes or the peer's end may still wait in the socket, and their edge is spent: the pipe's
                        // receive reads them.
                        _loop.PostResume(this);
                    }
                    DetachNow(receiver, receiveEnded: false);
                    return;
                }
                if (verdict == DirectReceiveVerdict.Pause)
                {
                    PauseForReceiver();
                    return;
                }
                total += (int)received;
                if (received < buffer.Length && !_peerClosing)
                {
                    return;
                }
                if (total >= MaxReceivePerRound)
                {
                    _loop.PostResume(this);
                    return;
                }
                continue;
            }
            if (!RetriesAfter(received, errno))
            {
                return;
            }
        }
    }

    /// <summary>What a detaching receiver did not take goes to the input pipe, as a plain receive would have put it.</summary>
    private void GiveBackToPipe(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
        {
            return;
        }
        _input.Writer.Write(rest);
        FlushInput(resumeAfter: false);
    }

    /// <summary>Last thing on the loop's side of a receiver's hold: the receiver hears of it after the connection's state is settled.</summary>
    private void DetachNow(IDirectReceiver receiver, bool receiveEnded)
    {
        if (_receiver != receiver)
        {
            return;
        }
        _receiver = null;
        receiver.OnDetached(receiveEnded);
    }
}
