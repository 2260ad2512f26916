using System.Buffers;
using Akka.Actor;
using Agroal.Actors.Clients.Pipelines;
using Agroal.Actors.Errors;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients;

public sealed partial class ClientSession
{

    /// <summary>Not async itself: a frame of its own would stay alive, for nothing, beside every transaction-mode client.</summary>
    private Task RunPipelineAsync(CancellationToken cancellationToken) =>
        _options.Pipeline == PipelineKind.Transaction ? RunTransactionPipelineAsync(cancellationToken) : RunSessionPipelineAsync(cancellationToken);

    /// <summary>Performance and session pipelines: one backend for the whole client session.</summary>
    private async Task RunSessionPipelineAsync(CancellationToken cancellationToken)
    {
        var backend = await LeaseAlignedAsync(cancellationToken).ConfigureAwait(false);
        if (backend is null)
        {
            return;
        }
        TrackBackend(ConnectionTracker.GetConnectionSuccess, backend, ConnectionTracker.StateInUse);
        WriteGreeting(backend);
        await FlushClientAsync(cancellationToken).ConfigureAwait(false);

        var counters = _services.Counters;
        var relay = new SessionRelay(_options.MaxMessageSize, _services.Clock)
        {
            Latency = new Metrics.RelayLatencyTracker(counters.QueryLatency, counters.TransactionLatency, _services.Clock),
        };
        Volatile.Write(ref _relay, relay);
        var end = RelayEnd.Stopped;
        try
        {
            end = PlainEpollSocket is { } client && backend.PlainEpollSocket is { } server
                ? await relay.RunDirectAsync(client, server, cancellationToken).ConfigureAwait(false)
                : await relay.RunAsync(ClientInput, ClientOutput, backend, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_options.Pipeline != PipelineKind.Performance)
            {
                backend.CountQueries(relay.Queries);
            }
            _services.Counters.AddTraffic(_options.Pipeline == PipelineKind.Performance ? 0 : relay.Queries,
                _options.Pipeline == PipelineKind.Performance ? 0 : relay.Transactions, relay.BytesFromClient, relay.BytesFromServer);
        }
        await ReturnBackendAsync(end, relay.BackendIsQuiet, relay.LastStatus, cancellationToken).ConfigureAwait(false);
        await ReportClientViolationAsync(end, relay.RejectedTag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A relay that ended on the client's bad message answers it with 08P01 (PostgreSQL's wording) before the close.</summary>
    private ValueTask ReportClientViolationAsync(RelayEnd end, byte rejectedTag, CancellationToken cancellationToken)
    {
        var reason = end switch
        {
            RelayEnd.ClientProtocolViolation => "invalid message length",
            RelayEnd.ClientUnknownMessageType => $"invalid frontend message type {rejectedTag}",
            _ => null,
        };
        if (reason is null)
        {
            return ValueTask.CompletedTask;
        }
        Log.ProtocolViolation(_logger, Id, reason);
        return WriteFatalAsync(PoolerErrors.ProtocolViolation(reason), cancellationToken);
    }

    /// <summary>How many dead backends in a row a session skips before it gives up (a server that kills every backend).</summary>
    private const int MaxDeadLeases = 16;

    /// <summary>
    /// Leases a backend that is alive and quiet. One found closed or talking (the server ended it while idle and the
    /// pool had not heard yet) is given back as dead and another is taken: nothing was sent to it, so the client never
    /// notices. Null when the client was refused (and told). <paramref name="reply"/> is the answer to a
    /// <see cref="RequestLease"/> the caller already awaited; without one the lease is requested here.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<BackendConnection?> LeaseAsync(CancellationToken cancellationToken, object? reply = null)
    {
        if (reply is null)
        {
            _leaseWaitStarted = 0;
        }
        for (var attempt = 1; ; attempt++)
        {
            reply ??= await RequestLease(cancellationToken).ConfigureAwait(false);
            // The backend a pass-through login just authenticated on is known to be alive and in step.
            if (reply is PoolProtocol.Refused refused)
            {
                RecordLeaseWait();
                TrackClient(refused.Error.Kind == PoolerErrorKind.PoolFull ? ConnectionTracker.GetConnectionTimeout : ConnectionTracker.GetConnectionError);
                await RefuseAsync(refused.Error, cancellationToken).ConfigureAwait(false);
                return null;
            }
            var backend = TakeLeased(reply);
            reply = null;
            if (TryClaim(backend, attempt))
            {
                return backend;
            }
            if (attempt == MaxDeadLeases)
            {
                RecordLeaseWait();
                await RefuseAsync(PoolerErrors.BackendLost.WithDetail($"{attempt} backends in a row were closed by the server"), cancellationToken).ConfigureAwait(false);
                return null;
            }
        }
    }

    /// <summary>The backend a lease answer hands over (not a refusal), now this session's under the answer's lease number.</summary>
    private BackendConnection TakeLeased(object reply)
    {
        switch (reply)
        {
            case LeasedOnLane:
                var leased = _leasedOnLane!;
                _leasedOnLane = null;
                return leased;
            case BackendConnection handedOff:
                // A return on the lane handed its backend over.
                _leaseGeneration = _leases.Awaiter.HandOffGeneration;
                return handedOff;
            default:
                var fromManager = (PoolProtocol.Leased)reply;
                _leaseGeneration = fromManager.Generation;
                return fromManager.Connection;
        }
    }

    /// <summary>The backend a lease answer would hand over, without taking it; null for a refusal.</summary>
    private BackendConnection? PeekLeased(object reply) => reply switch
    {
        LeasedOnLane => _leasedOnLane,
        BackendConnection handedOff => handedOff,
        PoolProtocol.Leased fromManager => fromManager.Connection,
        _ => null,
    };

    /// <summary>
    /// Makes a just-leased backend this session's when it is alive and quiet; one the server already ended is given
    /// back as dead (nothing was sent to it, so the client never notices) and false says: lease another.
    /// </summary>
    private bool TryClaim(BackendConnection backend, int attempt)
    {
        // The backend a pass-through login just authenticated on is known to be alive and in step.
        if (_leaseFromAuthentication || backend.TryClaimIdle())
        {
            RecordLeaseWait();
            Volatile.Write(ref _backend, backend);
            return true;
        }
        Log.DeadBackendSkipped(_logger, Id, backend.ToString(), attempt);
        _services.Pool.Tell(ReleaseOf(backend, reusable: false, foundDead: true));
        return false;
    }

    /// <summary>
    /// A live backend whose session parameters match this client's; one that dies during the alignment (nothing of
    /// the client's was sent to it) is replaced. Null when the client was refused.
    /// </summary>
    private async ValueTask<BackendConnection?> LeaseAlignedAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var backend = await LeaseAsync(cancellationToken).ConfigureAwait(false);
            if (backend is null)
            {
                return null;
            }
            var aligned = await AlignParametersAsync(backend, retryIfLost: attempt < MaxDeadLeases, cancellationToken).ConfigureAwait(false);
            if (aligned is { } done)
            {
                return done ? backend : null;
            }
        }
    }

    /// <summary>
    /// Brings a pooled backend's session parameters in line with this client's; false when the client was refused,
    /// null when the backend was lost and given back (only with <paramref name="retryIfLost"/>).
    /// </summary>
    private async ValueTask<bool?> AlignParametersAsync(BackendConnection backend, bool retryIfLost, CancellationToken cancellationToken)
    {
        var wanted = _alignedParameters ??= SessionParameters.ForAlignment(_startupParameters);
        var query = SessionParameters.BuildAlignmentQuery(wanted, backend);
        if (query is null)
        {
            return true;
        }
        var outcome = await BackendQueryRunner.RunAsync(backend, query, _options.ResetTimeout, cancellationToken).ConfigureAwait(false);
        if (outcome.Healthy)
        {
            SessionParameters.RecordApplied(wanted, backend);
            return true;
        }
        if (retryIfLost && outcome.Error is null or { IsFatalOrPanic: true } && !cancellationToken.IsCancellationRequested)
        {
            Log.DeadBackendSkipped(_logger, Id, backend.ToString(), 0);
            ReleaseBackend(reusable: false, foundDead: outcome.ServerEnded);
            return null;
        }
        // PostgreSQL refuses a login with an invalid parameter value; so do we, and the backend stays usable if it says so
        // (one the server ended has no status).
        ReleaseBackend(reusable: outcome.Status == TransactionStatus.Idle, foundDead: outcome.ServerEnded);
        var error = outcome.Error is { } fields
            ? PoolerErrors.ServerLoginFailed(fields.SqlState, fields.Message)
            : PoolerErrors.BackendLost.WithDetail(outcome.Failure);
        await RefuseAsync(error, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>What a PostgreSQL server sends after AuthenticationOk, with a cancel key issued by the pooler.</summary>
    private void WriteGreeting(BackendConnection backend)
    {
        ClientOutput.Write(backend.Parameters.StatusMessages);
        if (!_keyIssued)
        {
            (_processId, _secretKey) = _services.CancelKeys.Register(this);
            _keyIssued = true;
        }
        BackendMessages.WriteBackendKeyData(ClientOutput, _processId, _secretKey);
        BackendMessages.WriteReadyForQuery(ClientOutput, TransactionStatus.Idle);
    }

    /// <summary>
    /// Resets the backend when its protocol state is known to be quiet (ROLLBACK if a transaction is open, then the
    /// reset query) and gives it back; a backend that is not quiet, or whose reset fails, is closed.
    /// </summary>
    private async ValueTask ReturnBackendAsync(RelayEnd end, bool quiet, byte lastStatus, CancellationToken cancellationToken)
    {
        var backend = Volatile.Read(ref _backend);
        if (backend is null)
        {
            return;
        }
        var reusable = false;
        if (end is RelayEnd.ClientTerminated or RelayEnd.ClientVanished or RelayEnd.ClientUnknownMessageType && quiet)
        {
            reusable = await ResetBackendAsync(backend, lastStatus, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Log.BackendDiscarded(_logger, Id, backend.ToString(), end.ToString());
            if (end == RelayEnd.ServerClosed)
            {
                _services.Pool.Tell(new PoolProtocol.BackendBroken(backend.Server));
            }
        }
        if (reusable)
        {
            Interlocked.CompareExchange(ref _backend, null, backend);
            await WaitForCancelsAsync().ConfigureAwait(false);
            TrackBackend(ConnectionTracker.ReturnConnectionSuccess, backend, ConnectionTracker.StateFree);
            ReturnToPool(backend, reusable: true);
            return;
        }
        ReleaseBackend(reusable);
    }

    /// <param name="returnEvent">The tracker line of a clean return (the transaction pipeline's login return has its own).</param>
    /// <param name="foundDead">The server ended the backend (its FATAL, its socket's end) while the pooler's own statement
    /// ran on it, before any byte of the client's reached it: counted as the liveness watch counts an idle one that dies,
    /// a remove and an error, whichever part of the pool was first to see it.</param>
    private void ReleaseBackend(bool reusable, int returnEvent = ConnectionTracker.ReturnConnectionSuccess, bool foundDead = false)
    {
        if (Interlocked.Exchange(ref _backend, null) is { } backend)
        {
            TrackBackend(reusable ? returnEvent : ConnectionTracker.ReturnConnectionKill, backend,
                reusable ? ConnectionTracker.StateFree : ConnectionTracker.StateRemove);
            ReturnToPool(backend, reusable, foundDead);
        }
    }

    private async ValueTask<bool> ResetBackendAsync(BackendConnection backend, byte lastStatus, CancellationToken cancellationToken)
    {
        if (lastStatus != TransactionStatus.Idle)
        {
            var rollback = await BackendQueryRunner.RunAsync(backend, PregeneratedMessages.Rollback, _options.ResetTimeout, cancellationToken).ConfigureAwait(false);
            if (!rollback.Healthy || rollback.Status != TransactionStatus.Idle)
            {
                Log.BackendDiscarded(_logger, Id, backend.ToString(), "rollback failed: " + rollback.Failure);
                return false;
            }
        }
        if (_resetQueryMessage is null || backend.ResetSuppressed)
        {
            backend.SettingsUnknown = true;
            return true;
        }
        var (resetMessages, queries, keptSettings) = ResetKeepingApplicationName(backend, _resetQueryMessage.Value);
        var reset = await BackendQueryRunner.RunAsync(backend, resetMessages, queries, _options.ResetTimeout, cancellationToken).ConfigureAwait(false);
        if (!reset.Healthy || reset.Status != TransactionStatus.Idle)
        {
            // Only a statement error on a backend that is idle again can be kept; a lost or busy backend never is.
            if (_options.ServerResetQueryBehaviorOnFailure == Configuration.ResetFailureBehavior.Ignore
                && reset.Status == TransactionStatus.Idle && reset.Error is { IsFatalOrPanic: false })
            {
                Log.ResetFailureIgnored(_logger, Id, backend.ToString(), reset.Failure ?? "");
                backend.ResetSuppressed = true;
                backend.SettingsUnknown = true;
                return true;
            }
            Log.BackendDiscarded(_logger, Id, backend.ToString(), "reset failed: " + reset.Failure);
            return false;
        }
        backend.MarkSettingsReset();
        if (keptSettings is not null)
        {
            SessionParameters.RecordApplied(keptSettings, backend);
        }
        return true;
    }

    /// <summary>
    /// The reset query and, when the backend logged in under another application_name than this client's, the
    /// statement that sets this client's again, in the same write: the reset takes the backend back to its login name,
    /// and on a backend opened by prefill (none) or by another application every login of this one paid an alignment
    /// round trip before its greeting. With the name kept, the next client of the same application needs none. Only
    /// application_name: every client is aligned to one (an empty one when it sent none), whereas a setting a client
    /// did not send must be the backend's login value, which only the reset gives back. Returns the messages, their
    /// number and the value they leave set (null: the reset alone).
    /// </summary>
    private (ReadOnlyMemory<byte> Messages, int Queries, KeyValuePair<string, string>[]? Kept) ResetKeepingApplicationName(
        BackendConnection backend, ReadOnlyMemory<byte> resetQuery)
    {
        var name = SessionParameters.ApplicationNameOf(_alignedParameters ??= SessionParameters.ForAlignment(_startupParameters));
        if (string.Equals(backend.LoginApplicationName, name.Value, StringComparison.Ordinal))
        {
            return (resetQuery, 1, null);
        }
        var restoreMessage = PregeneratedMessages.Query(SessionParameters.BuildSetQuery(name));
        var messages = new byte[resetQuery.Length + restoreMessage.Length];
        resetQuery.CopyTo(messages);
        restoreMessage.CopyTo(messages.AsMemory(resetQuery.Length));
        return (messages, 2, [name]);
    }
}
