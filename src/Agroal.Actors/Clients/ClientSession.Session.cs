using Agroal.Actors.Clients.Pipelines;
using Agroal.Actors.Errors;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients;

public sealed partial class ClientSession
{
    private const byte IdleStatus = (byte)'I';

    /// <summary>Performance and session pipelines: one backend for the whole client session.</summary>
    private async Task RunPipelineAsync(CancellationToken cancellationToken)
    {
        if (_options.Pipeline == PipelineKind.Transaction)
        {
            await RunTransactionPipelineAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        var backend = await LeaseAsync(cancellationToken).ConfigureAwait(false);
        if (backend is null || !await AlignParametersAsync(backend, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
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
            end = await relay.RunAsync(ClientInput, ClientOutput, backend, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _services.Counters.AddTraffic(_options.Pipeline == PipelineKind.Performance ? 0 : relay.Queries,
                _options.Pipeline == PipelineKind.Performance ? 0 : relay.Transactions, relay.BytesFromClient, relay.BytesFromServer);
        }
        await ReturnBackendAsync(end, relay.BackendIsQuiet, relay.LastStatus, cancellationToken).ConfigureAwait(false);
        if (end == RelayEnd.ClientProtocolViolation)
        {
            await WriteFatalAsync(PoolerErrors.ProtocolViolation("invalid message length"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<BackendConnection?> LeaseAsync(CancellationToken cancellationToken)
    {
        var waitStarted = _services.Clock.GetTimestamp();
        var reply = await _leases.AcquireAsync(_key!, ApplicationName, cancellationToken).ConfigureAwait(false);
        _services.Counters.RecordWait(_services.Clock.GetElapsedTime(waitStarted));
        if (reply is PoolProtocol.Refused refused)
        {
            await RefuseAsync(refused.Error, cancellationToken).ConfigureAwait(false);
            return null;
        }
        var backend = ((PoolProtocol.Leased)reply).Connection;
        Volatile.Write(ref _backend, backend);
        return backend;
    }

    /// <summary>Brings a pooled backend's session parameters in line with this client's; false when the client was refused.</summary>
    private async ValueTask<bool> AlignParametersAsync(BackendConnection backend, CancellationToken cancellationToken)
    {
        var query = SessionParameters.BuildAlignmentQuery(_startupParameters, backend);
        if (query is null)
        {
            return true;
        }
        var outcome = await BackendQueryRunner.RunAsync(backend, query, _options.ResetTimeout, cancellationToken).ConfigureAwait(false);
        if (outcome.Healthy)
        {
            SessionParameters.RecordApplied(_startupParameters, backend);
            return true;
        }
        // PostgreSQL refuses a login with an invalid parameter value; so do we, and the backend stays usable if it says so.
        ReleaseBackend(reusable: outcome.Status == IdleStatus);
        var error = outcome.Error is { } fields
            ? PoolerErrors.ServerLoginFailed(fields.SqlState, fields.Message)
            : PoolerErrors.BackendLost.WithDetail(outcome.Failure);
        await RefuseAsync(error, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>What a PostgreSQL server sends after AuthenticationOk, with a cancel key issued by the pooler.</summary>
    private void WriteGreeting(BackendConnection backend)
    {
        foreach (var parameter in backend.Parameters.Values)
        {
            BackendMessages.WriteParameterStatus(ClientOutput, parameter.Key, parameter.Value);
        }
        if (!_keyIssued)
        {
            (_processId, _secretKey) = _services.CancelKeys.Register(this);
            _keyIssued = true;
        }
        BackendMessages.WriteBackendKeyData(ClientOutput, _processId, _secretKey);
        BackendMessages.WriteReadyForQuery(ClientOutput, IdleStatus);
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
        if (end is RelayEnd.ClientTerminated or RelayEnd.ClientVanished && quiet)
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
        ReleaseBackend(reusable);
    }

    private void ReleaseBackend(bool reusable)
    {
        if (Interlocked.Exchange(ref _backend, null) is { } backend)
        {
            _services.Pool.Tell(new PoolProtocol.Release(backend, reusable));
        }
    }

    private async ValueTask<bool> ResetBackendAsync(BackendConnection backend, byte lastStatus, CancellationToken cancellationToken)
    {
        if (lastStatus != IdleStatus)
        {
            var rollback = await BackendQueryRunner.RunAsync(backend, PregeneratedMessages.Rollback, _options.ResetTimeout, cancellationToken).ConfigureAwait(false);
            if (!rollback.Healthy || rollback.Status != IdleStatus)
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
        var reset = await BackendQueryRunner.RunAsync(backend, _resetQueryMessage.Value, _options.ResetTimeout, cancellationToken).ConfigureAwait(false);
        if (!reset.Healthy || reset.Status != IdleStatus)
        {
            // Only a statement error on a backend that is idle again can be kept; a lost or busy backend never is.
            if (_options.ServerResetQueryBehaviorOnFailure == Configuration.ResetFailureBehavior.Ignore
                && reset.Status == IdleStatus && reset.Error is { IsFatalOrPanic: false })
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
        return true;
    }
}
