using Akka.Actor;
using Agroal.Actors.Clients.Pipelines;
using Agroal.Actors.Errors;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients;

public sealed partial class ClientSession : ITransactionBackendSource
{
    private TransactionSettings? _transactionSettings;

    /// <summary>From here each attach is a transaction's (pgagroal's TX_GET_CONNECTION line), not the login's.</summary>
    private bool _transactionLoginReturned;

    /// <summary>The backend still held when the client leaves goes back with pgagroal's TX_RETURN_CONNECTION_STOP line.</summary>
    private bool _clientLeaving;

    /// <summary>
    /// Transaction pipeline: the login backend supplies the greeting and goes straight back; afterwards a backend is
    /// held per transaction (see <see cref="TransactionRelay"/>), and one still held when the client leaves is rolled
    /// back and returned, or closed when its protocol state is unknown.
    /// </summary>
    private async Task RunTransactionPipelineAsync(CancellationToken cancellationToken)
    {
        _transactionSettings = new TransactionSettings(_startupParameters);
        var login = await ((ITransactionBackendSource)this).AttachAsync(null, cancellationToken).ConfigureAwait(false);
        if (login is null)
        {
            return;
        }
        TrackBackend(ConnectionTracker.GetConnectionSuccess, login, ConnectionTracker.StateInUse);
        WriteGreeting(login);
        ReleaseBackend(reusable: true, ConnectionTracker.TransactionReturnConnectionStart);
        _transactionLoginReturned = true;
        await FlushClientAsync(cancellationToken).ConfigureAwait(false);

        var relay = new TransactionRelay(this, _transactionSettings, _options.MaxMessageSize, _options.MaxPreparedStatements)
        {
            // Inside the loops only when backends are plain epoll sockets too: the login's stands for the pool's.
            DirectClient = login.PlainEpollSocket is null ? null : PlainEpollSocket,
        };
        var end = RelayEnd.Stopped;
        try
        {
            end = await relay.RunAsync(ClientInput, ClientOutput, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _services.Counters.AddTraffic(relay.Queries, relay.Transactions, relay.BytesFromClient, relay.BytesFromServer);
        }
        var (held, quiet, lastStatus, reason) = relay.Leftover;
        if (held is not null)
        {
            relay.ForgetBackend();
            await ReturnHeldBackendAsync(held, end, quiet, lastStatus, reason, cancellationToken).ConfigureAwait(false);
        }
        await ReportClientViolationAsync(end, relay.RejectedTag, cancellationToken).ConfigureAwait(false);
    }

    ValueTask<object> ITransactionBackendSource.RequestBackend(CancellationToken cancellationToken)
    {
        _leaseWaitStarted = 0;
        return RequestLease(cancellationToken);
    }

    BackendConnection? ITransactionBackendSource.TryAttachAtOnce(object reply, out bool replyTaken)
    {
        replyTaken = false;
        // Only a backend already in line with this client's settings: an alignment is a query, AttachAsync's work.
        if (PeekLeased(reply) is not { } candidate || _transactionSettings!.BuildAlignmentQuery(candidate) is not null)
        {
            return null;
        }
        replyTaken = true;
        var backend = TakeLeased(reply);
        if (!TryClaim(backend, attempt: 1))
        {
            return null;
        }
        if (_transactionLoginReturned)
        {
            TrackClient(ConnectionTracker.TransactionGetConnection);
        }
        return backend;
    }

    // Pooled: an attach that aligns settings or replaces a dead backend completes asynchronously.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    async ValueTask<BackendConnection?> ITransactionBackendSource.AttachAsync(object? reply, CancellationToken cancellationToken)
    {
        if (_transactionLoginReturned)
        {
            TrackClient(ConnectionTracker.TransactionGetConnection);
        }
        for (var attempt = 1; ; attempt++)
        {
            var backend = await LeaseAsync(cancellationToken, reply).ConfigureAwait(false);
            reply = null;
            if (backend is null)
            {
                return null;
            }
            var settings = _transactionSettings!;
            var query = settings.BuildAlignmentQuery(backend);
            if (query is null)
            {
                return backend;
            }
            var outcome = await BackendQueryRunner.RunAsync(backend, query, _options.ResetTimeout, cancellationToken).ConfigureAwait(false);
            if (outcome.Healthy && outcome.Status == TransactionStatus.Idle)
            {
                settings.RecordAligned(backend);
                return backend;
            }
            // Part of the alignment may have applied: the backend's session is no longer known, so it is not reused.
            ReleaseBackend(reusable: false, foundDead: outcome.ServerEnded);
            if (attempt < MaxDeadLeases && outcome.Error is null or { IsFatalOrPanic: true } && !cancellationToken.IsCancellationRequested)
            {
                // The backend died before any byte of the client's went to it: another one serves the client.
                Log.DeadBackendSkipped(_logger, Id, backend.ToString(), attempt);
                continue;
            }
            var error = outcome.Error is { } fields
                ? PoolerErrors.ServerLoginFailed(fields.SqlState, fields.Message)
                : PoolerErrors.BackendLost.WithDetail(outcome.Failure);
            await RefuseAsync(error, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    ValueTask ITransactionBackendSource.DetachAsync(BackendConnection backend, DetachReason reason, CancellationToken cancellationToken)
    {
        // From here a cancel request for this client has no backend to reach.
        Interlocked.CompareExchange(ref _backend, null, backend);
        var reusable = !reason.StatementsUnknown;
        if (reusable && (DeallocatesOnDetach(reason) || ResetsOnDetach || Volatile.Read(ref _cancelsInFlight) != 0))
        {
            return DetachWithQueriesAsync(backend, reason, cancellationToken);
        }
        // The usual give-back (every transaction's): nothing to run or wait for, so no async method either.
        GiveBackDetached(backend, reusable);
        return default;
    }

    /// <summary>Named statements were prepared on a backend whose statements nobody tracks: DEALLOCATE ALL before it goes back.</summary>
    private bool DeallocatesOnDetach(DetachReason reason) =>
        reason.NamedParseSeen && _options.TrackPreparedStatements && _options.MaxPreparedStatements == 0;

    /// <summary>server_reset_query_always: the reset query runs before every give-back.</summary>
    private bool ResetsOnDetach => _options.ServerResetQueryAlways && _resetQueryMessage is not null;

    /// <summary>A reusable backend that needs a query before it goes back, or has a cancel on its way to it.</summary>
    private async ValueTask DetachWithQueriesAsync(BackendConnection backend, DetachReason reason, CancellationToken cancellationToken)
    {
        var reusable = true;
        try
        {
            if (DeallocatesOnDetach(reason))
            {
                reusable = await RunOnDetachAsync(backend, PregeneratedMessages.DeallocateAll, cancellationToken).ConfigureAwait(false);
            }
            if (reusable && ResetsOnDetach)
            {
                reusable = await RunOnDetachAsync(backend, _resetQueryMessage.GetValueOrDefault(), cancellationToken).ConfigureAwait(false);
                if (reusable)
                {
                    // The reset may have dropped statements and settings: the backend starts over as after login.
                    backend.MarkSettingsReset();
                    backend.PipelineState = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
            reusable = false;
        }
        if (reusable)
        {
            await WaitForCancelsAsync().ConfigureAwait(false);
        }
        GiveBackDetached(backend, reusable);
    }

    /// <summary>The give-back's last step: the tracker's return line, then the pool (or the lane's next waiter).</summary>
    private void GiveBackDetached(BackendConnection backend, bool reusable)
    {
        TrackBackend(_clientLeaving ? ConnectionTracker.TransactionReturnConnectionStop : ConnectionTracker.TransactionReturnConnection, backend,
            reusable ? ConnectionTracker.StateFree : ConnectionTracker.StateRemove);
        ReturnToPool(backend, reusable);
    }

    private async ValueTask<bool> RunOnDetachAsync(BackendConnection backend, ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        var outcome = await BackendQueryRunner.RunAsync(backend, query, _options.ResetTimeout, cancellationToken).ConfigureAwait(false);
        if (outcome.Healthy && outcome.Status == TransactionStatus.Idle)
        {
            return true;
        }
        Log.BackendDiscarded(_logger, Id, backend.ToString(), "release query failed: " + outcome.Failure);
        return false;
    }

    /// <summary>The client left while holding a backend: ROLLBACK when it is quiet and inside a transaction, else close it.</summary>
    private async ValueTask ReturnHeldBackendAsync(BackendConnection backend, RelayEnd end, bool quiet, byte lastStatus, DetachReason reason, CancellationToken cancellationToken)
    {
        if (!quiet || end is not (RelayEnd.ClientTerminated or RelayEnd.ClientVanished or RelayEnd.ClientUnknownMessageType) || cancellationToken.IsCancellationRequested)
        {
            Log.BackendDiscarded(_logger, Id, backend.ToString(), end.ToString());
            Interlocked.CompareExchange(ref _backend, null, backend);
            TrackBackend(ConnectionTracker.TransactionReturnConnectionStop, backend, ConnectionTracker.StateRemove);
            _services.Pool.Tell(ReleaseOf(backend, reusable: false));
            return;
        }
        if (lastStatus != TransactionStatus.Idle && !await RunOnDetachAsync(backend, PregeneratedMessages.Rollback, cancellationToken).ConfigureAwait(false))
        {
            Interlocked.CompareExchange(ref _backend, null, backend);
            TrackBackend(ConnectionTracker.TransactionReturnConnectionStop, backend, ConnectionTracker.StateRemove);
            _services.Pool.Tell(ReleaseOf(backend, reusable: false));
            return;
        }
        _clientLeaving = true;
        await ((ITransactionBackendSource)this).DetachAsync(backend, reason, cancellationToken).ConfigureAwait(false);
    }
}
