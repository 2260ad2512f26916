using Agroal.Actors.Metrics;
using Prometheus;

namespace Agroal.Actors.Clients;

/// <summary>
/// Client-side events (pgagroal_auth_user_*, query and tx counts, network bytes) and the latency histograms as
/// prometheus-net instruments, plus the gauges of clients and sockets kept with Interlocked.
/// </summary>
public sealed class ClientCounters
{
    private readonly Counter _authSuccess;
    private readonly Counter _authBadPassword;
    private readonly Counter _authError;
    private readonly Counter _queries;
    private readonly Counter _transactions;
    private readonly Histogram[] _histograms;
    private long _bytesFromClients;
    private long _bytesFromServers;
    private int _authenticating;
    private int _active;
    private int _sockets;
    private int _selfSockets;
    private long _lastWaitTicks;

    /// <summary>Instruments in a registry of their own (unit tests).</summary>
    public ClientCounters()
        : this(Prometheus.Metrics.NewCustomRegistry())
    {
    }

    public ClientCounters(CollectorRegistry registry)
    {
        var factory = Agroal.Actors.Metrics.UntracedMetricFactory.For(registry);
        _queries = factory.CreateCounter("pgagroal_query_count", "The number of queries");
        _transactions = factory.CreateCounter("pgagroal_tx_count", "The number of transactions");
        SessionTime = factory.CreateHistogram("pgagroal_session_time_seconds", "The session times",
            new HistogramConfiguration { Buckets = MetricBuckets.SessionTime });
        _authSuccess = factory.CreateCounter("pgagroal_auth_user_success", "Number of successful user authentications");
        _authBadPassword = factory.CreateCounter("pgagroal_auth_user_bad_password", "Number of bad passwords during user authentication");
        _authError = factory.CreateCounter("pgagroal_auth_user_error", "Number of errors during user authentication");
        WaitTime = factory.CreateHistogram("agroal_client_wait_seconds", "Time a client waited for a backend, per lease",
            new HistogramConfiguration { Buckets = MetricBuckets.WaitTime });
        QueryLatency = factory.CreateHistogram("agroal_query_duration_seconds", "Time from a client request to the server's ReadyForQuery",
            new HistogramConfiguration { Buckets = MetricBuckets.Latency });
        TransactionLatency = factory.CreateHistogram("agroal_transaction_duration_seconds",
            "Time from the request that opened a transaction to the ReadyForQuery that closed it",
            new HistogramConfiguration { Buckets = MetricBuckets.Latency });
        _histograms = [SessionTime, WaitTime, QueryLatency, TransactionLatency];
    }

    public long AuthSuccess => (long)_authSuccess.Value;

    public long AuthBadPassword => (long)_authBadPassword.Value;

    public long AuthError => (long)_authError.Value;

    public long Queries => (long)_queries.Value;

    public long Transactions => (long)_transactions.Value;

    /// <summary>Bytes clients sent (pgagroal_network_sent, a gauge in pgagroal).</summary>
    public long BytesFromClients => Interlocked.Read(ref _bytesFromClients);

    /// <summary>Bytes servers sent (pgagroal_network_received, a gauge in pgagroal).</summary>
    public long BytesFromServers => Interlocked.Read(ref _bytesFromServers);

    public int Authenticating => Volatile.Read(ref _authenticating);

    public int Active => Volatile.Read(ref _active);

    public int Sockets => Volatile.Read(ref _sockets);

    /// <summary>Management connections open on the pooler's own sockets (pgagroal_self_sockets).</summary>
    public int SelfSockets => Volatile.Read(ref _selfSockets);

    /// <summary>How long the most recent lease waited (pgagroal_wait_time).</summary>
    public TimeSpan LastWait => TimeSpan.FromTicks(Interlocked.Read(ref _lastWaitTicks));

    /// <summary>Accept to disconnect, for clients that got past authentication (pgagroal_session_time_seconds).</summary>
    public Histogram SessionTime { get; }

    /// <summary>Time from asking the pool for a backend to holding one, per lease.</summary>
    public Histogram WaitTime { get; }

    /// <summary>Request to ReadyForQuery, fed by a relay through <see cref="RelayLatencyTracker"/>.</summary>
    public Histogram QueryLatency { get; }

    /// <summary>Transaction open to close, fed by a relay through <see cref="RelayLatencyTracker"/>.</summary>
    public Histogram TransactionLatency { get; }

    /// <summary>Zeroes the event counters and histograms (clear prometheus); the gauges describe the present and stay.</summary>
    public void ResetCounters()
    {
        // A prometheus-net counter cannot go down: removing the unlabelled series starts a fresh one at 0.
        _authSuccess.RemoveLabelled();
        _authBadPassword.RemoveLabelled();
        _authError.RemoveLabelled();
        _queries.RemoveLabelled();
        _transactions.RemoveLabelled();
        foreach (var histogram in _histograms)
        {
            histogram.RemoveLabelled();
        }
        Interlocked.Exchange(ref _bytesFromClients, 0);
        Interlocked.Exchange(ref _bytesFromServers, 0);
    }

    internal void AuthSucceeded() => _authSuccess.Inc();

    internal void AuthBadPasswordSeen() => _authBadPassword.Inc();

    internal void AuthFailed() => _authError.Inc();

    internal void AddTraffic(long queries, long transactions, long fromClient, long fromServer)
    {
        if (queries != 0)
        {
            _queries.Inc(queries);
        }
        if (transactions != 0)
        {
            _transactions.Inc(transactions);
        }
        Interlocked.Add(ref _bytesFromClients, fromClient);
        Interlocked.Add(ref _bytesFromServers, fromServer);
    }

    internal void RecordWait(TimeSpan waited)
    {
        Interlocked.Exchange(ref _lastWaitTicks, waited.Ticks);
        WaitTime.Observe(waited.TotalSeconds);
    }

    internal void RecordSession(TimeSpan duration) => SessionTime.Observe(duration.TotalSeconds);

    internal void SocketOpened() => Interlocked.Increment(ref _sockets);

    internal void SocketClosed() => Interlocked.Decrement(ref _sockets);

    /// <summary>+1 when a management connection (local socket or remote port) is accepted, -1 when it ends.</summary>
    public void SelfSocketsChanged(int delta) => Interlocked.Add(ref _selfSockets, delta);

    internal void AuthenticationStarted() => Interlocked.Increment(ref _authenticating);

    internal void AuthenticationEnded() => Interlocked.Decrement(ref _authenticating);

    internal void SessionStarted() => Interlocked.Increment(ref _active);

    internal void SessionEnded() => Interlocked.Decrement(ref _active);
}
