using Agroal.Actors.Pool.Lanes;
using Agroal.Actors.Runtime;

namespace Agroal.Actors.Pool;

/// <summary>
/// Lending the waiter queue to a lane: while every queued client waits for the same key and nothing but a return on
/// that key's lane can serve them (every backend open and leased, no Free backend anywhere, no room under the limits),
/// the queue moves into the lane, so each return hands its backend to the first parked client on the returning
/// session's thread and new arrivals park there too: no message, no allocation, one thread hand-off per lease. Any
/// other message to the manager takes the queue back first (it may open, evict, close, refuse), and it is lent again
/// after the message when the conditions still hold. The lane's remarks explain why no wake-up is lost.
/// </summary>
public sealed partial class PoolManagerActor
{
    /// <summary>The lane holding the manager's queue right now, or null when the queue is the manager's own.</summary>
    private PoolLane? _lent;

    private readonly List<LeaseAwaiter> _takenBack = [];
    private readonly List<(LeaseAwaiter Waiter, object Holder, string ApplicationName, long Deadline)> _lending = [];

    /// <summary>How long a client may wait: blocking_timeout, or with 0 the retry budget of max_retries (pgagroal HEAD).</summary>
    private TimeSpan WaitBudget => _options.BlockingTimeout > TimeSpan.Zero ? _options.BlockingTimeout : RetryBackoff.Budget(_options.MaxRetries, _options.ConnectionRetryDelay);

    private void PublishWaitBudget()
        => _lanes.PublishWaitTicks(WaitBudgetTicks);

    /// <summary>blocking_timeout (or max_retries' budget) in clock ticks: how long a new waiter may wait.</summary>
    private long WaitBudgetTicks => (long)(WaitBudget.TotalSeconds * Context.System.TimeProvider.TimestampFrequency);

    /// <summary>Moves the lent queue back into the manager's own, in arrival order, and serves what can be served now.</summary>
    private void TakeBackLent(bool serve = true)
    {
        if (_lent is not { } lane)
        {
            return;
        }
        _lent = null;
        lane.TakeBack(_takenBack);
        foreach (var awaiter in _takenBack)
        {
            // One that gave up through the manager while its queue was lent has its Abandon on the way: drop it.
            if (!awaiter.IsWaiting)
            {
                continue;
            }
            var request = new PoolProtocol.Acquire(lane.Key, awaiter, awaiter.Ticket, awaiter.ParkedApplicationName);
            var waiter = new PoolWaiter(request, awaiter.ParkDeadline);
            waiter.Node = _waiters.AddLast(waiter);
        }
        _takenBack.Clear();
        if (!serve)
        {
            return;
        }
        // Published before looking for Free cells: a return pushed while the queue moved is found here (see PoolLanes).
        PublishGauges();
        if (_waiters.Count > 0)
        {
            ServeWaiters();
        }
        _deadlineArmedFor = null;
        ArmDeadlineTimer();
    }

    /// <summary>
    /// A clean Release that reached the manager while its queue is lent, because a session found the return fast path
    /// closed for a moment (the manager had taken its queue back to handle another message). It takes the return the
    /// session would have taken had the path been open: the lane hands the backend to its first parked client, or
    /// keeps it Free. Taking back and lending again thousands of parked clients for every such message was a feedback
    /// loop: each take-back closes the fast paths, which turns the next returns into messages of their own. False
    /// sends the message down the full path (dirty, found dead, flagged, aged, another lease's backend).
    /// </summary>
    private bool TryReturnWhileLent(PoolProtocol.Release release)
    {
        var connection = release.Connection;
        // Generation 0 names no lease (the lane would take it for any): only a Release that names its lease comes here.
        if (!release.Reusable || release.FoundDead || release.Generation == 0 || !connection.Poolable || connection.IsClosed)
        {
            return false;
        }
        switch (_lanes.TryReturn(connection, release.Generation))
        {
            case ReturnOutcome.Returned:
            case ReturnOutcome.HandedOff:
                return true;
            case ReturnOutcome.ReturnedWhileWaited:
                // Pushed Free while clients wait: what the session would have told the manager, handled here at once.
                TakeBackAndServe();
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// An Acquire of the lent key that reached the manager while its queue is lent (the session found the lease fast
    /// path closed for a moment): still nothing but a return can serve it, so it parks at the end of the lane's queue,
    /// where the manager would have queued it, instead of the whole queue moving back and forth. False sends it down the
    /// full path (another key, room to open a backend, no wait budget, foreground validation, shutdown).
    /// </summary>
    private bool TryParkWhileLent(PoolLane lane, PoolProtocol.Acquire request)
    {
        var key = request.Key;
        if (!key.Equals(lane.Key) || request.ReplyTo is not LeaseAwaiter awaiter || !awaiter.IsWaiting || awaiter.Ticket != request.Ticket
            || _shutdown != ShutdownPhase.None || _options.Validation == Configuration.ValidationMode.Foreground)
        {
            return false;
        }
        if (WaitBudget <= TimeSpan.Zero || !NoRoomToOpenFor(key))
        {
            return false;
        }
        if (!lane.TryParkFromManager(awaiter, awaiter, request.ApplicationName, Now + WaitBudgetTicks))
        {
            return false;
        }
        _counters.AcquireRequested();
        // As a parking session does: the parked count is visible before Free backends of other keys are counted.
        Interlocked.MemoryBarrier();
        if (_lanes.CountFree() > 0)
        {
            TakeBackAndServe();
            return true;
        }
        ArmLentDeadlineTimer(lane);
        return true;
    }

    /// <summary>No backend can be opened for <paramref name="key"/>: max_connections or its limit rule is reached.</summary>
    private bool NoRoomToOpenFor(PoolKey key)
    {
        var limit = _options.FindLimit(key.User, key.Database);
        return _total >= MaxBackends || (limit is not null && BackendsOfRule(limit.RuleIndex) >= MaxBackendsOfRule(limit));
    }

    /// <summary>A Free backend turned up while the queue was lent: the manager takes its queue back and serves it.</summary>
    private void TakeBackAndServe()
    {
        TakeBackLent();
        Handle(PoolProtocol.ReturnedWhileWaited.Instance);
    }

    /// <summary>Lends the queue to its lane when only a return on that lane can serve it.</summary>
    private void LendIfOnlyReturnsCanServe()
    {
        if (_lent is not null || _waiters.First is not { } first || _shutdown != ShutdownPhase.None
            || _options.Validation == Configuration.ValidationMode.Foreground || _lanes.CountFree() > 0)
        {
            return;
        }
        var key = first.Value.Key;
        foreach (var waiter in _waiters)
        {
            if (waiter.Abandoned || waiter.Request.ReplyTo is not LeaseAwaiter awaiter || !awaiter.IsWaiting
                || awaiter.Ticket != waiter.Request.Ticket || !waiter.Key.Equals(key))
            {
                return;
            }
        }
        if (!NoRoomToOpenFor(key))
        {
            return;
        }
        foreach (var waiter in _waiters)
        {
            var awaiter = (LeaseAwaiter)waiter.Request.ReplyTo;
            _lending.Add((awaiter, awaiter, waiter.Request.ApplicationName, waiter.DeadlineTimestamp));
        }
        var lane = _lanes.For(key);
        lane.Lend(_lending);
        _lending.Clear();
        _waiters.Clear();
        _lent = lane;
        _deadlineArmedFor = null;
        // From here returns on the lane hand off and other returns tell the manager (the parked count is up already).
        PublishGauges();
        ArmDeadlineTimer();
    }

    /// <summary>The deadline timer fired while the queue is lent: refuse the expired through the manager's own queue.</summary>
    private void OnCheckDeadlinesWhileLent(PoolLane lane)
    {
        if (lane.HeadDeadline is { } deadline && deadline <= Now)
        {
            TakeBackLent();
            OnCheckDeadlines();
            return;
        }
        ArmDeadlineTimer();
    }

    /// <summary>While lent, the timer follows the lane's first parked client, or the wait budget when none is parked.</summary>
    private void ArmLentDeadlineTimer(PoolLane lane)
    {
        var remaining = lane.HeadDeadline is { } deadline
            ? TimeSpan.FromSeconds((double)(deadline - Now) / Context.System.TimeProvider.TimestampFrequency)
            : WaitBudget;
        if (remaining < TimeSpan.Zero)
        {
            remaining = TimeSpan.Zero;
        }
        Timers.StartSingleTimer(DeadlineTimerKey, PoolProtocol.CheckDeadlines.Instance, remaining);
    }
}
