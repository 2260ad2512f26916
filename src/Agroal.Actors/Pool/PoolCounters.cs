namespace Agroal.Actors.Pool;

/// <summary>
/// Pool events and gauges, written by the pool manager and read by the metrics endpoint from any thread.
/// Names follow pgagroal's Prometheus metrics (pgagroal_connection_get, _return, _error, ...).
/// </summary>
public sealed class PoolCounters
{
    private long _get;
    private long _return;
    private long _error;
    private long _kill;
    private long _timeout;
    private long _success;
    private long _evicted;
    private long _opened;
    private int _total;
    private int _active;
    private int _awaiting;

    public long Get => Volatile.Read(ref _get);

    public long Return => Volatile.Read(ref _return);

    public long Error => Volatile.Read(ref _error);

    public long Kill => Volatile.Read(ref _kill);

    public long Timeout => Volatile.Read(ref _timeout);

    public long Success => Volatile.Read(ref _success);

    public long Evicted => Volatile.Read(ref _evicted);

    public long Opened => Volatile.Read(ref _opened);

    public int Total => Volatile.Read(ref _total);

    public int Active => Volatile.Read(ref _active);

    public int Awaiting => Volatile.Read(ref _awaiting);

    /// <summary>Zeroes the event counters (clear prometheus); the gauges describe the present and stay.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _get, 0);
        Interlocked.Exchange(ref _return, 0);
        Interlocked.Exchange(ref _error, 0);
        Interlocked.Exchange(ref _kill, 0);
        Interlocked.Exchange(ref _timeout, 0);
        Interlocked.Exchange(ref _success, 0);
        Interlocked.Exchange(ref _evicted, 0);
        Interlocked.Exchange(ref _opened, 0);
    }

    internal void AcquireRequested() => Interlocked.Increment(ref _get);

    internal void ConnectionLeased() => Interlocked.Increment(ref _success);

    internal void ConnectionReturned() => Interlocked.Increment(ref _return);

    internal void ConnectionFailed() => Interlocked.Increment(ref _error);

    internal void ConnectionClosed() => Interlocked.Increment(ref _kill);

    internal void ConnectionEvicted() => Interlocked.Increment(ref _evicted);

    /// <summary>A pooled backend the server ended (or found dead at lease): pgagroal counts it as both a remove and an error.</summary>
    internal void IdleConnectionLost()
    {
        Interlocked.Increment(ref _evicted);
        Interlocked.Increment(ref _error);
    }

    internal void ConnectionOpened() => Interlocked.Increment(ref _opened);

    internal void AcquireTimedOut() => Interlocked.Increment(ref _timeout);

    internal void SetGauges(int total, int active, int awaiting)
    {
        Volatile.Write(ref _total, total);
        Volatile.Write(ref _active, active);
        Volatile.Write(ref _awaiting, awaiting);
    }
}
