using System.Buffers;
using Agroal.Actors.Configuration;
using Agroal.Actors.Errors;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;
using Agroal.Actors.Security.AuthQuery;

namespace Agroal.Actors.Clients;

/// <summary>
/// auth_query: the client is checked against the secret PostgreSQL stores, never a plaintext password. A SCRAM proof
/// yields the client's ClientKey, kept in memory with the ServerKey so the pool can log in to PostgreSQL as that user.
/// </summary>
public sealed partial class ClientSession
{
    private async ValueTask<bool> AuthenticateByQueryAsync(AuthQueryService authQuery, string user, HbaMethod method, CancellationToken cancellationToken)
    {
        var counters = _services.Counters;
        var lookup = await authQuery.LookupAsync(user, _key!.Database, cancellationToken).ConfigureAwait(false);
        if (lookup.Failed)
        {
            counters.AuthFailed();
            await RefuseAsync(lookup.Error!, cancellationToken).ConfigureAwait(false);
            return false;
        }
        var deadline = StartLoginPhase(cancellationToken);
        bool verified;
        try
        {
            // Like PostgreSQL, the stored form decides the exchange (an md5 HBA line still gets SCRAM for a SCRAM secret).
            verified = lookup.Secret switch
            {
                { Scram: { } scram } => await VerifyScramByQueryAsync(authQuery, user, scram, deadline.Token).ConfigureAwait(false),
                { Md5Hash: { } hash } when method != HbaMethod.ScramSha256 => await VerifyMd5ByQueryAsync(authQuery, user, hash, deadline.Token).ConfigureAwait(false),
                _ => false,
            };
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return PasswordPhaseTimedOut();
        }
        if (!verified)
        {
            counters.AuthBadPasswordSeen();
            await RefuseAsync(PoolerErrors.BadPassword(user), cancellationToken).ConfigureAwait(false);
            return false;
        }
        return true;
    }

    private async ValueTask<bool> VerifyScramByQueryAsync(AuthQueryService authQuery, string user, ScramSecret secret, CancellationToken cancellationToken)
    {
        var scram = NewScramSession(secret);
        if (!await VerifyScramAsync(scram, LoginStep.SaslRequest, cancellationToken).ConfigureAwait(false) || scram.RecoveredClientKey is not { } clientKey)
        {
            return false;
        }
        authQuery.Secrets.Store(user, new BackendSecret(clientKey, secret.ServerKey, null));
        return true;
    }

    private async ValueTask<bool> VerifyMd5ByQueryAsync(AuthQueryService authQuery, string user, string storedHash, CancellationToken cancellationToken)
    {
        var salt = new byte[4];
        Security.BufferedRandom.Fill(salt);
        BackendMessages.WriteAuthenticationMd5Password(ClientOutput, salt);
        await FlushClientAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false) is not { } message
            || !PasswordMessageReader.TryReadCleartext(new ReadOnlySequence<byte>(message.Payload), out var offered)
            || !Md5Password.Verify(offered, user, storedHash, salt))
        {
            return false;
        }
        authQuery.Secrets.Store(user, new BackendSecret(null, null, storedHash));
        return true;
    }
}
