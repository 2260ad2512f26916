using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Networking.Epoll;

internal sealed partial class EpollConnection
{
    /// <summary>Set while a backend socket's connect is in progress; completed by its first writable or error edge.</summary>
    private TaskCompletionSource? _connectWaiter;

    /// <summary>The writer's "bytes wait for a writable edge" flag; see <see cref="EpollSocketWriter"/>.</summary>
    private volatile bool _writerDraining;

    internal bool WriterDraining
    {
        get => _writerDraining;
        set => _writerDraining = value;
    }

    /// <summary>
    /// Under the descriptor gate (the writer's lock): one send(2) of the bytes, unless the descriptor is closed already
    /// (its number may belong to another socket by now). Returns the bytes sent, or 0 with errno.
    /// </summary>
    internal unsafe int SendUnderGate(ReadOnlySpan<byte> bytes, out int errno)
    {
        if (_descriptorClosed)
        {
            errno = ErrorBadDescriptor;
            return 0;
        }
        while (true)
        {
            nint sent;
            fixed (byte* pointer = bytes)
            {
                sent = EpollInterop.Send(_fd, pointer, (nuint)bytes.Length, EpollInterop.SendNoSignal, out errno);
            }
            if (sent >= 0)
            {
                return (int)sent;
            }
            if (errno != EpollInterop.ErrorInterrupted)
            {
                return 0;
            }
        }
    }

    /// <summary>
    /// The send side is over (the writer completed and its bytes went out, a send failed, or the connection was
    /// aborted); called once, outside the writer's lock.
    /// </summary>
    internal void EndSendSide()
    {
        _abortReason ??= new ConnectionAbortedException("The epoll transport's send side completed.");
        Shutdown();
        // A receive paused on a full input pipe must see the shutdown even if nobody reads the input again.
        _input.Writer.CancelPendingFlush();
        HalfEnded();
    }

    /// <summary>
    /// Nearly every readiness edge says writable; it costs a field read unless a connect or a send waits for it.
    /// </summary>
    private void SignalWritable()
    {
        if (Volatile.Read(ref _connectWaiter) is not null)
        {
            Interlocked.Exchange(ref _connectWaiter, null)?.TrySetResult();
        }
        // Most writable edges come with a readable one and find nothing queued; only a writer that met a full socket
        // has anything to do, and the flag is read here so that the others never load the writer.
        if (_writerDraining)
        {
            _writer.OnWritable();
        }
    }

    /// <summary>EBADF, for a send attempted after the descriptor was closed.</summary>
    private const int ErrorBadDescriptor = 9;
}
