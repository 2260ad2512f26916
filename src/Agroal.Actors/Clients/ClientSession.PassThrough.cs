using System.Buffers;
using System.Security.Cryptography;
using Agroal.Actors.Configuration;
using Agroal.Actors.Errors;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients;

/// <summary>
/// Logins for users the pooler holds no password for. With auth_query the client is checked against the secret
/// PostgreSQL stores; otherwise (allow_unknown_users) the server checks the client itself: the session leases a
/// backend first, relays the server's authentication to the client, and keeps the backend for the session.
/// </summary>
public sealed partial class ClientSession
{
    private async ValueTask<bool> AuthenticateWithoutPasswordAsync(string user, HbaMethod method, CancellationToken cancellationToken)
    {
        var counters = _services.Counters;
        if (_options.AuthQuery && _services.AuthQuery is { } authQuery)
        {
            return await AuthenticateByQueryAsync(authQuery, user, method, cancellationToken).ConfigureAwait(false);
        }
        if (!_options.AllowUnknownUsers)
        {
            counters.AuthFailed();
            await RefuseAsync(PoolerErrors.UnknownUser(user), cancellationToken).ConfigureAwait(false);
            return false;
        }
        var reply = await _leases.AcquireAsync(_key!, ApplicationName, cancellationToken).ConfigureAwait(false);
        if (reply is PoolProtocol.Refused refused)
        {
            counters.AuthFailed();
            await RefuseAsync(refused.Error, cancellationToken).ConfigureAwait(false);
            return false;
        }
        var leased = (PoolProtocol.Leased)reply;
        var backend = leased.Connection;
        _leaseGeneration = leased.Generation;
        Volatile.Write(ref _backend, backend);

        var deadline = StartLoginPhase(cancellationToken);
        bool passed;
        try
        {
            if (backend.PendingAuthenticationRequest is { } request)
            {
                passed = await RelayLoginAsync(backend, request, deadline.Token).ConfigureAwait(false);
            }
            else if (backend.PassThrough is { } cached)
            {
                passed = await ReplayLoginAsync(user, cached, deadline.Token).ConfigureAwait(false);
            }
            else
            {
                // Logged in with a password the pooler no longer holds: nothing to check this client against.
                ReleaseBackend(reusable: true);
                counters.AuthFailed();
                await RefuseAsync(PoolerErrors.UnsupportedSecurityModel(user), cancellationToken).ConfigureAwait(false);
                return false;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return PasswordPhaseTimedOut();
        }
        if (passed)
        {
            _leases.Hold(leased);
        }
        return passed;
    }

    /// <summary>
    /// First login on a fresh backend: the server's requests go to the client and the client's answers to the server,
    /// round after round (SCRAM takes two), until AuthenticationOk or the server's error, which the client gets as is.
    /// </summary>
    private async ValueTask<bool> RelayLoginAsync(BackendConnection backend, byte[] firstRequest, CancellationToken cancellationToken)
    {
        var request = firstRequest;
        byte[]? firstAnswer = null;
        var usedSasl = false;
        while (true)
        {
            var code = AuthenticationRequestReader.ReadCode(new ReadOnlySequence<byte>(request));
            if (code == AuthenticationCode.Ok)
            {
                break;
            }
            switch (code)
            {
                case AuthenticationCode.Sasl:
                    usedSasl = true;
                    // The client cannot bind to the server's certificate through the pooler: offer plain SCRAM only.
                    BackendMessages.WriteAuthenticationSasl(ClientOutput, WithoutChannelBinding(AuthenticationRequestReader.ReadSaslMechanisms(new ReadOnlySequence<byte>(request))));
                    break;
                case AuthenticationCode.CleartextPassword or AuthenticationCode.Md5Password or AuthenticationCode.SaslContinue or AuthenticationCode.SaslFinal:
                    WritePassThroughMessage(ClientOutput, BackendTag.Authentication, request);
                    break;
                default:
                    ReleaseBackend(reusable: false);
                    _services.Counters.AuthFailed();
                    await RefuseAsync(PoolerErrors.UnsupportedSecurityModel(User!), cancellationToken).ConfigureAwait(false);
                    return false;
            }
            if (code != AuthenticationCode.SaslFinal)
            {
                await FlushClientAsync(cancellationToken).ConfigureAwait(false);
                if (await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false) is not { } answer)
                {
                    ReleaseBackend(reusable: false);
                    return false;
                }
                firstAnswer ??= answer.Payload;
                WritePassThroughMessage(backend.Output, FrontendTag.Password, answer.Payload);
                await backend.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            var read = await PipeMessageReader.ReadAsync(backend.Input, AuthenticationMessageLimit, cancellationToken).ConfigureAwait(false);
            if (read.Outcome != PipeMessageReader.Outcome.Message)
            {
                ReleaseBackend(reusable: false);
                await RefuseAsync(PoolerErrors.BackendLost.WithDetail(read.Error), cancellationToken).ConfigureAwait(false);
                return false;
            }
            if (read.Message.Tag == BackendTag.ErrorResponse)
            {
                // The server's own verdict (28P01 password authentication failed ...) goes to the client unchanged.
                ReleaseBackend(reusable: false);
                _services.Counters.AuthBadPasswordSeen();
                WritePassThroughMessage(ClientOutput, BackendTag.ErrorResponse, read.Message.Payload);
                await FlushClientAsync(cancellationToken).ConfigureAwait(false);
                var fields = ErrorResponseReader.Parse(new ReadOnlySequence<byte>(read.Message.Payload));
                Log.Refused(_logger, Id, User ?? "", Database ?? "", PeerName, fields.SqlState, fields.Message);
                return false;
            }
            if (read.Message.Tag != BackendTag.Authentication)
            {
                ReleaseBackend(reusable: false);
                await RefuseAsync(PoolerErrors.ProtocolViolation("unexpected server message during authentication"), cancellationToken).ConfigureAwait(false);
                return false;
            }
            request = read.Message.Payload;
        }
        if (await BackendConnector.FinishLoginAsync(backend, cancellationToken).ConfigureAwait(false) is { } error)
        {
            ReleaseBackend(reusable: false);
            await RefuseAsync(error, cancellationToken).ConfigureAwait(false);
            return false;
        }
        if (usedSasl)
        {
            // A SCRAM exchange cannot be replayed for the next client: this backend serves this session only.
            backend.Poolable = false;
        }
        else
        {
            backend.PassThrough = new PassThroughLogin(firstRequest, firstAnswer ?? []);
        }
        return true;
    }

    /// <summary>A pooled pass-through backend: the client must answer the server's original request exactly as the first client did.</summary>
    private async ValueTask<bool> ReplayLoginAsync(string user, PassThroughLogin cached, CancellationToken cancellationToken)
    {
        if (cached.IsTrusted)
        {
            return true;
        }
        WritePassThroughMessage(ClientOutput, BackendTag.Authentication, cached.Request);
        await FlushClientAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false) is not { } answer)
        {
            ReleaseBackend(reusable: true);
            return false;
        }
        if (!CryptographicOperations.FixedTimeEquals(answer.Payload, cached.Answer))
        {
            ReleaseBackend(reusable: true);
            _services.Counters.AuthBadPasswordSeen();
            await RefuseAsync(PoolerErrors.BadPassword(user), cancellationToken).ConfigureAwait(false);
            return false;
        }
        return true;
    }

    private static List<string> WithoutChannelBinding(IReadOnlyList<string> mechanisms)
    {
        var offered = new List<string>(mechanisms.Count);
        foreach (var mechanism in mechanisms)
        {
            if (!mechanism.EndsWith("-PLUS", StringComparison.Ordinal))
            {
                offered.Add(mechanism);
            }
        }
        return offered;
    }

    private static void WritePassThroughMessage(IBufferWriter<byte> writer, byte tag, ReadOnlySpan<byte> payload)
    {
        var wire = WireSpan.Begin(writer, tag, payload.Length);
        wire.WriteBytes(payload);
        wire.Commit(writer);
    }
}
