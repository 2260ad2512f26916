using Agroal.Actors.Metrics;

namespace Agroal.Actors.Clients;

/// <summary>Client-side events and gauges (pgagroal_auth_user_*, client_*, network_*, query and tx counts).</summary>
public sealed class ClientCounters
{
    private long _authSuccess;
    private long _authBadPassword;
    private long _authError;
    private long _queries;
    private long _transactions;
    private long _bytesFromClients;
    private long _bytesFromServers;
    private int _authenticating;
    private int _active;
    private int _sockets;
    private long _lastWaitTicks;

    public long AuthSuccess => Volatile.Read(ref _authSuccess);

    public long AuthBadPassword => Volatile.Read(ref _authBadPassword);

    public long AuthError => Volatile.Read(ref _authError);

    public long Queries => Volatile.Read(ref _queries);

    public long Transactions => Volatile.Read(ref _transactions);

    public long BytesFromClients => Volatile.Read(ref _bytesFromClients);

    public long BytesFromServers => Volatile.Read(ref _bytesFromServers);

    public int Authenticating => Volatile.Read(ref _authenticating);

    public int Active => Volatile.Read(ref _active);

    public int Sockets => Volatile.Read(ref _sockets);

    /// <summary>How long the most recent lease waited (pgagroal_wait_time).</summary>
    public TimeSpan LastWait => TimeSpan.FromTicks(Interlocked.Read(ref _lastWaitTicks));

    /// <summary>Accept to disconnect, for clients that got past authentication (pgagroal_session_time_seconds).</summary>
    /// <summary>Zeroes the event counters and histograms (clear prometheus); the gauges describe the present and stay.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _authSuccess, 0);
        Interlocked.Exchange(ref _authBadPassword, 0);
        Interlocked.Exchange(ref _authError, 0);
        Interlocked.Exchange(ref _queries, 0);
        Interlocked.Exchange(ref _transactions, 0);
        Interlocked.Exchange(ref _bytesFromClients, 0);
        Interlocked.Exchange(ref _bytesFromServers, 0);
        SessionTime.Reset();
        WaitTime.Reset();
        QueryLatency.Reset();
        TransactionLatency.Reset();
    }

    public DurationHistogram SessionTime { get; } = new(MetricBuckets.SessionTime);

    /// <summary>Time from asking the pool for a backend to holding one, per lease.</summary>
    public DurationHistogram WaitTime { get; } = new(MetricBuckets.WaitTime);

    /// <summary>Request to ReadyForQuery, fed by a relay through <see cref="RelayLatencyTracker"/>.</summary>
    public DurationHistogram QueryLatency { get; } = new(MetricBuckets.Latency);

    /// <summary>Transaction open to close, fed by a relay through <see cref="RelayLatencyTracker"/>.</summary>
    public DurationHistogram TransactionLatency { get; } = new(MetricBuckets.Latency);

    internal void AuthSucceeded() => Interlocked.Increment(ref _authSuccess);

    internal void AuthBadPasswordSeen() => Interlocked.Increment(ref _authBadPassword);

    internal void AuthFailed() => Interlocked.Increment(ref _authError);

    internal void AddTraffic(long queries, long transactions, long fromClient, long fromServer)
    {
        if (queries != 0)
        {
            Interlocked.Add(ref _queries, queries);
        }
        if (transactions != 0)
        {
            Interlocked.Add(ref _transactions, transactions);
        }
        Interlocked.Add(ref _bytesFromClients, fromClient);
        Interlocked.Add(ref _bytesFromServers, fromServer);
    }

    internal void RecordWait(TimeSpan waited)
    {
        Interlocked.Exchange(ref _lastWaitTicks, waited.Ticks);
        WaitTime.Record(waited);
    }

    internal void RecordSession(TimeSpan duration) => SessionTime.Record(duration);

    internal void SocketOpened() => Interlocked.Increment(ref _sockets);

    internal void SocketClosed() => Interlocked.Decrement(ref _sockets);

    internal void AuthenticationStarted() => Interlocked.Increment(ref _authenticating);

    internal void AuthenticationEnded() => Interlocked.Decrement(ref _authenticating);

    internal void SessionStarted() => Interlocked.Increment(ref _active);

    internal void SessionEnded() => Interlocked.Decrement(ref _active);
}
