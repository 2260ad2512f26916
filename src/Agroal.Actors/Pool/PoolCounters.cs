using Prometheus;

namespace Agroal.Actors.Pool;

/// <summary>
/// Pool events as prometheus-net counters under pgagroal's names (pgagroal_connection_get, _return, _error, ...), plus
/// the gauges the pool manager keeps current, read by the metrics endpoint from any thread. Each pooler gets its own
/// registry, so that several poolers in one process (tests) never share a count.
/// </summary>
public sealed class PoolCounters
{
    private readonly Counter _get;
    private readonly Counter _return;
    private readonly Counter _error;
    private readonly Counter _kill;
    private readonly Counter _timeout;
    private readonly Counter _success;
    private readonly Counter _remove;
    private readonly Counter _invalid;
    private readonly Counter _idleTimeout;
    private readonly Counter _maxAge;
    private readonly Counter _flush;
    private readonly Counter _opened;
    private readonly Counter[] _all;
    private int _total;
    private int _active;
    private int _awaiting;
    private Lanes.PoolLanes? _lanes;

    /// <summary>Counters in a registry of their own (unit and actor tests).</summary>
    public PoolCounters()
        : this(Prometheus.Metrics.NewCustomRegistry())
    {
    }

    public PoolCounters(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Agroal.Actors.Metrics.UntracedMetricFactory.For(registry);
        _error = factory.CreateCounter("pgagroal_connection_error", "Number of connection errors");
        _kill = factory.CreateCounter("pgagroal_connection_kill", "Number of connection kills");
        _remove = factory.CreateCounter("pgagroal_connection_remove", "Number of connection removes");
        _timeout = factory.CreateCounter("pgagroal_connection_timeout", "Number of connection time outs");
        _return = factory.CreateCounter("pgagroal_connection_return", "Number of connection returns");
        _invalid = factory.CreateCounter("pgagroal_connection_invalid", "Number of connection invalids");
        _get = factory.CreateCounter("pgagroal_connection_get", "Number of connection gets");
        _idleTimeout = factory.CreateCounter("pgagroal_connection_idletimeout", "Number of connection idle timeouts");
        _maxAge = factory.CreateCounter("pgagroal_connection_max_connection_age", "Number of connection max age timeouts");
        _flush = factory.CreateCounter("pgagroal_connection_flush", "Number of connection flushes");
        _success = factory.CreateCounter("pgagroal_connection_success", "Number of connection successes");
        _opened = factory.CreateCounter("agroal_backend_connections_opened_total", "Backend connections opened and logged in");
        _all = [_error, _kill, _remove, _timeout, _return, _invalid, _get, _idleTimeout, _maxAge, _flush, _success, _opened];
    }

    /// <summary>The registry these counters live in; the metrics endpoint exports it.</summary>
    public CollectorRegistry Registry { get; }

    public long Get => Read(_get);

    public long Return => Read(_return);

    public long Error => Read(_error);

    public long Kill => Read(_kill);

    public long Timeout => Read(_timeout);

    public long Success => Read(_success);

    /// <summary>Idle backends closed to make room for another user/database (pgagroal_connection_remove).</summary>
    public long Evicted => Read(_remove);

    public long Invalid => Read(_invalid);

    public long IdleTimedOut => Read(_idleTimeout);

    public long AgedOut => Read(_maxAge);

    public long Flushed => Read(_flush);

    public long Opened => Read(_opened);

    public int Total => Volatile.Read(ref _total);

    /// <summary>Backends in use; read from the lanes when attached, since sessions lease and return without the manager.</summary>
    public int Active => Volatile.Read(ref _lanes) is { } lanes ? lanes.CountActive() : Volatile.Read(ref _active);

    public int Awaiting => Volatile.Read(ref _awaiting) + (Volatile.Read(ref _lanes) is { } lanes ? lanes.Parked : 0);

    /// <summary>Zeroes the event counters (clear prometheus); the gauges describe the present and stay.</summary>
    public void ResetCounters()
    {
        foreach (var counter in _all)
        {
            // Removing the unlabelled series makes prometheus-net start a fresh one at 0 (a counter cannot go down).
            counter.RemoveLabelled();
        }
    }

    internal void AcquireRequested() => _get.Inc();

    internal void ConnectionLeased() => _success.Inc();

    internal void ConnectionReturned() => _return.Inc();

    internal void ConnectionFailed() => _error.Inc();

    internal void ConnectionClosed() => _kill.Inc();

    internal void ConnectionEvicted() => _remove.Inc();

    /// <summary>A pooled backend the server ended (or found dead at lease): pgagroal counts it as both a remove and an error.</summary>
    internal void IdleConnectionLost()
    {
        _remove.Inc();
        _error.Inc();
    }

    internal void ConnectionOpened() => _opened.Inc();

    internal void AcquireTimedOut() => _timeout.Inc();

    /// <summary>A backend failed its validation (SELECT 1) and was closed.</summary>
    internal void ConnectionInvalid() => _invalid.Inc();

    /// <summary>An idle backend was closed by idle_timeout.</summary>
    internal void ConnectionIdleTimedOut() => _idleTimeout.Inc();

    /// <summary>A backend was closed by max_connection_age.</summary>
    internal void ConnectionAgedOut() => _maxAge.Inc();

    /// <summary>A backend was closed or marked for closing by a flush.</summary>
    internal void ConnectionFlushed() => _flush.Inc();

    /// <summary>The pool manager's shared lanes: the active gauge is counted there.</summary>
    internal void AttachLanes(Lanes.PoolLanes lanes) => Volatile.Write(ref _lanes, lanes);

    internal void SetGauges(int total, int active, int awaiting)
    {
        Volatile.Write(ref _total, total);
        Volatile.Write(ref _active, active);
        Volatile.Write(ref _awaiting, awaiting);
    }

    private static long Read(Counter counter) => (long)counter.Value;
}
