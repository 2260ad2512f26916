using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Networking.Epoll;

internal sealed partial class EpollConnection
{
    /// <summary>Set while the send loop waits for the socket to drain; completed by the loop's writable edge.</summary>
    private TaskCompletionSource? _writable;

    /// <summary>
    /// Runs on the thread that flushed the output (the pipe schedules its reader inline): for a relay that is the loop
    /// thread that received the bytes, so a message goes out one send(2) after it came in. Only a full socket makes it
    /// wait, for the loop's writable edge.
    /// </summary>
    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }
                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    var sent = SendSome(buffer, out var errno);
                    if (sent > 0)
                    {
                        buffer = buffer.Slice(sent);
                        continue;
                    }
                    ThrowUnlessWouldBlock(errno);
                    // The waiter is published before one more try, so a writable edge that came between the failed
                    // send and the publication is not lost: either the retry gets through, or the edge comes later
                    // and finds the waiter.
                    var waiter = new TaskCompletionSource();
                    Volatile.Write(ref _writable, waiter);
                    sent = SendSome(buffer, out errno);
                    if (sent > 0 || errno != EpollInterop.ErrorWouldBlock)
                    {
                        Interlocked.CompareExchange(ref _writable, null, waiter);
                        ThrowUnlessWouldBlock(errno);
                        buffer = buffer.Slice(sent);
                        continue;
                    }
                    await waiter.Task.ConfigureAwait(false);
                }
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            _abortReason ??= new ConnectionAbortedException("The epoll transport's send loop completed gracefully.");
            Shutdown();
            reader.Complete(failure);
            // A receive paused on a full input pipe must see the shutdown even if nobody reads the input again.
            _input.Writer.CancelPendingFlush();
            HalfEnded();
        }
    }

    /// <summary>send(2) of the first non-empty segment (with MSG_MORE when more follow); 0 with errno when nothing went out.</summary>
    private unsafe long SendSome(in ReadOnlySequence<byte> buffer, out int errno)
    {
        var total = buffer.Length;
        foreach (var memory in buffer)
        {
            if (memory.IsEmpty)
            {
                continue;
            }
            var flags = EpollInterop.SendNoSignal | (memory.Length < total ? EpollInterop.SendMore : 0);
            while (true)
            {
                nint sent;
                fixed (byte* bytes = memory.Span)
                {
                    sent = EpollInterop.Send(_fd, bytes, (nuint)memory.Length, flags);
                }
                if (sent >= 0)
                {
                    errno = 0;
                    return sent;
                }
                errno = EpollInterop.LastError;
                if (errno != EpollInterop.ErrorInterrupted)
                {
                    return 0;
                }
            }
        }
        errno = 0;
        return 0;
    }

    private static void ThrowUnlessWouldBlock(int errno)
    {
        if (errno != 0 && errno != EpollInterop.ErrorWouldBlock)
        {
            var socketError = SocketErrors.FromErrno(errno);
            throw new ConnectionResetException(socketError.Message, socketError);
        }
    }

    /// <summary>
    /// Nearly every readiness edge says writable; the exchange is paid only when a send waits. A waiter published
    /// after the read found none retries its send itself (see <see cref="SendLoopAsync"/>).
    /// </summary>
    private void SignalWritable()
    {
        if (Volatile.Read(ref _writable) is not null)
        {
            Interlocked.Exchange(ref _writable, null)?.TrySetResult();
        }
    }
}
