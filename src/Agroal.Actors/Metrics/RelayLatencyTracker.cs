using Agroal.Actors.Protocol;
using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>
/// Turns a relay's running message counts into query and transaction latencies without touching the bytes: the
/// client pump reports how many ReadyForQuery-expecting requests (Query, Sync, FunctionCall) it has forwarded, the
/// server pump how many ReadyForQuery it has seen and the last status, each with the clock reading it took for the
/// chunk. Each call is a few compares when nothing changed, and Interlocked operations when something did: no lock,
/// no allocation, no clock read of its own.
/// A request pipelined behind another starts its clock at the previous answer; when the two pumps race on the same
/// request a sample may be dropped, never invented. One instance per relay; the client side and the server side may
/// each be called from its own thread.
/// </summary>
public sealed class RelayLatencyTracker
{
    private const long NoRequest = long.MinValue;

    private readonly Histogram _queries;
    private readonly Histogram _transactions;
    private readonly TimeProvider _clock;

    // Written by the client pump, read by the server pump.
    private long _requestsSeen;

    // Start of the oldest unanswered request; set by the client pump when none was pending, moved or cleared by the server pump.
    private long _pendingSince = NoRequest;

    // Server pump only.
    private long _answersSeen;
    private long _transactionsSeen;
    private bool _inTransaction;
    private long _transactionSince;

    public RelayLatencyTracker(Histogram queries, Histogram transactions, TimeProvider clock)
    {
        _queries = queries;
        _transactions = transactions;
        _clock = clock;
    }

    /// <summary>
    /// Client pump, after each scanned chunk: the scanner's running count of requests that expect a ReadyForQuery, and
    /// the tracker's clock as the pump read it for that chunk (the pump reads it once for its own bookkeeping too).
    /// </summary>
    public void ClientScanned(long readyRequests, long now)
    {
        if (readyRequests == Volatile.Read(ref _requestsSeen))
        {
            return;
        }
        // Publish the count before claiming the start, so a server pump that misses the claim sees the request as pending.
        Interlocked.Exchange(ref _requestsSeen, readyRequests);
        Interlocked.CompareExchange(ref _pendingSince, now, NoRequest);
    }

    /// <summary>
    /// Server pump, after each scanned chunk: the scanner's running ReadyForQuery count, the status of the last one, its
    /// running count of idle-to-transaction changes, and the tracker's clock as the pump read it for that chunk.
    /// </summary>
    public void ServerScanned(long readyForQueryCount, byte lastStatus, long transactionsOpened, long now)
    {
        if (readyForQueryCount == _answersSeen)
        {
            return;
        }
        _answersSeen = readyForQueryCount;
        var since = Volatile.Read(ref _pendingSince);
        if (since != NoRequest)
        {
            _queries.Observe(_clock.GetElapsedTime(since, now).TotalSeconds);
        }
        TrackTransaction(since == NoRequest ? now : since, now, lastStatus, transactionsOpened);
        if (Volatile.Read(ref _requestsSeen) > readyForQueryCount)
        {
            Interlocked.Exchange(ref _pendingSince, now);
        }
        else
        {
            Interlocked.CompareExchange(ref _pendingSince, NoRequest, since);
        }
    }

    /// <summary>Forgets everything, for a relay reused on a new lease.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _requestsSeen, 0);
        Interlocked.Exchange(ref _pendingSince, NoRequest);
        _answersSeen = 0;
        _transactionsSeen = 0;
        _inTransaction = false;
    }

    private void TrackTransaction(long requestStart, long now, byte lastStatus, long transactionsOpened)
    {
        var opened = transactionsOpened - _transactionsSeen;
        _transactionsSeen = transactionsOpened;
        var idle = lastStatus == TransactionStatus.Idle;
        if (_inTransaction)
        {
            if (!idle && opened == 0)
            {
                return;
            }
            // Closed; a status still in a transaction with a new opening means the next one has already begun.
            _transactions.Observe(_clock.GetElapsedTime(_transactionSince, now).TotalSeconds);
            _inTransaction = !idle;
            _transactionSince = requestStart;
            return;
        }
        if (!idle)
        {
            _inTransaction = true;
            _transactionSince = requestStart;
        }
        else if (opened > 0)
        {
            // The transaction opened and closed within one answer (BEGIN; ...; COMMIT in a single Query).
            _transactions.Observe(_clock.GetElapsedTime(requestStart, now).TotalSeconds);
        }
    }
}
