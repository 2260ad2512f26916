using Agroal.Actors.Configuration;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Agroal.Actors.Errors;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;
using Agroal.Actors.Security.Authentication;

namespace Agroal.Actors.Clients;

public sealed partial class ClientSession
{
    /// <summary>Password and SASL messages are small; anything longer than this during login is a protocol error.</summary>
    private const int AuthenticationMessageLimit = 16 * 1024;

    /// <summary>
    /// Checks pgagroal's order (TLS requirement and HBA, shutdown, disabled database), then authenticates the client
    /// with the HBA method against the stored password. On success AuthenticationOk is queued (not flushed).
    /// </summary>
    private async ValueTask<bool> AuthenticateAsync(StartupPacket startup, CancellationToken cancellationToken)
    {
        TakeIdentity(startup);
        var user = User!;
        var database = Database!;
        var counters = _services.Counters;

        var decision = _services.Access.Decide(database, user, RemoteAddress, isTls: IsTls);
        switch (decision.Outcome)
        {
            case AccessOutcome.NoEntry:
                counters.AuthFailed();
                await RefuseAsync(PoolerErrors.NoHbaEntry(PeerName, user, database), cancellationToken).ConfigureAwait(false);
                return false;
            case AccessOutcome.Rejected:
                counters.AuthFailed();
                await RefuseAsync(PoolerErrors.HbaReject, cancellationToken).ConfigureAwait(false);
                return false;
            case AccessOutcome.TlsRequired:
                counters.AuthFailed();
                await RefuseAsync(PoolerErrors.TlsRequired, cancellationToken).ConfigureAwait(false);
                return false;
        }
        if (_services.RefuseNewClients)
        {
            await RefuseAsync(PoolerErrors.ConnectionRefused, cancellationToken).ConfigureAwait(false);
            return false;
        }
        if (_services.AwaitingClusterUp)
        {
            await RefuseAsync(PoolerErrors.ClusterNodeNotUp, cancellationToken).ConfigureAwait(false);
            return false;
        }
        if (_services.ClusterReady is { IsCompleted: false } clusterReady)
        {
            // Up, reading the primary view: bounded by the view's read timeout (then the node's own copy).
            await clusterReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        var realDatabase = _options.ResolveDatabase(database);
        if (IsDisabled(database, realDatabase))
        {
            await RefuseAsync(PoolerErrors.DatabaseDisabled(database), cancellationToken).ConfigureAwait(false);
            return false;
        }

        var method = decision.Method;
        var password = _services.Credentials.FrontendPassword(user);
        ChoosePool(startup, realDatabase);
        if (password is null)
        {
            // No stored password: auth_query, else pass-through to the server (pgagroal's allow_unknown_users).
            if (!await AuthenticateWithoutPasswordAsync(user, method, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
            AcceptClient(user, database);
            return true;
        }

        var deadline = StartLoginPhase(cancellationToken);
        bool verified;
        try
        {
            verified = method switch
            {
                HbaMethod.Trust => true,
                HbaMethod.Password => await VerifyCleartextAsync(password!, deadline.Token).ConfigureAwait(false),
                HbaMethod.Md5 => await VerifyMd5Async(user, password!, deadline.Token).ConfigureAwait(false),
                _ => await VerifyScramAsync(user, deadline.Token).ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return PasswordPhaseTimedOut();
        }
        return await ConcludeVerificationAsync(verified, user, database, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The end of a password check, wherever it ran: the client is refused, or AuthenticationOk is queued.</summary>
    private async ValueTask<bool> ConcludeVerificationAsync(bool verified, string user, string database, CancellationToken cancellationToken)
    {
        if (!verified)
        {
            _services.Counters.AuthBadPasswordSeen();
            await RefuseAsync(PoolerErrors.BadPassword(user), cancellationToken).ConfigureAwait(false);
            return false;
        }
        AcceptClient(user, database);
        return true;
    }

    /// <summary>
    /// The rest of a login the client socket's loop took over (<see cref="LoginOnLoop"/>): nothing when it got to the
    /// verdict (trust gets there at once), else the async SCRAM exchange from the step where the loop handed it over.
    /// </summary>
    private async ValueTask<bool> FinishLoginOnLoopAsync(LoginOnLoop login, CancellationToken cancellationToken)
    {
        var verified = login.ProofAccepted;
        if (login.Step != LoginStep.Verified && login.Scram is { } scram)
        {
            // The password phase's timer, armed when the loop took the startup packet; it may have handed over for it.
            var deadline = _loginTimeout!;
            try
            {
                verified = await VerifyScramAsync(scram, login.Step, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return PasswordPhaseTimedOut();
            }
        }
        return await ConcludeVerificationAsync(verified, User!, Database!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// On the client socket's loop, with the startup packet just taken: the login's tracking and counters begin, and
    /// when the login is SCRAM against a stored secret, or trust for a user with a stored password, with nothing to
    /// refuse or wait for, the session is set up for it: true, with the exchange to run (null for trust, which has
    /// none). False hands the login to <see cref="AuthenticateAsync"/>, which decides it all again.
    /// </summary>
    internal bool BeginLoginOnLoop(StartupPacket startup, out ScramServerSession? scram)
    {
        scram = null;
        BeginAuthentication(startup);
        var user = startup.User;
        var database = startup.Database ?? user;
        var decision = _services.Access.Decide(database, user, RemoteAddress, isTls: IsTls);
        if (decision.Outcome != AccessOutcome.Allowed
            || decision.Method is HbaMethod.Password or HbaMethod.Md5
            || _services.RefuseNewClients
            || _services.AwaitingClusterUp
            || _services.ClusterReady is { IsCompleted: false })
        {
            return false;
        }
        var realDatabase = _options.ResolveDatabase(database);
        // A user without a stored password goes to auth_query or pass-through, whatever the method.
        ScramSecret? secret = null;
        if (IsDisabled(database, realDatabase)
            || _services.Credentials.FrontendPassword(user) is null
            || decision.Method != HbaMethod.Trust && (secret = _services.Credentials.FrontendScramSecret(user)) is null)
        {
            return false;
        }
        TakeIdentity(startup);
        ChoosePool(startup, realDatabase);
        if (secret is not null)
        {
            // The password phase gets the whole authentication_timeout, as StartLoginPhase gives it on the async path.
            _loginTimeout?.CancelAfter(_options.AuthenticationTimeout);
            scram = NewScramSession(secret);
        }
        return true;
    }

    /// <summary>Who is logging in, from the startup packet: the user, the database (the user's name by default), the application.</summary>
    private void TakeIdentity(StartupPacket startup)
    {
        User = startup.User;
        Database = startup.Database ?? startup.User;
        ApplicationName = startup.ApplicationName ?? "";
    }

    /// <summary>disable was run for the database the client named, or for the one it resolves to.</summary>
    private bool IsDisabled(string database, string realDatabase) =>
        _services.DisabledDatabases.Contains(database) || _services.DisabledDatabases.Contains(realDatabase);

    /// <summary>The pool the session's backends come from, and the startup parameters they are aligned to.</summary>
    private void ChoosePool(StartupPacket startup, string realDatabase)
    {
        _key = new PoolKey(startup.User, realDatabase, OptionsOf(startup));
        _startupParameters = SessionParameters.FromStartup(startup);
    }

    /// <summary>authentication_timeout ran out during a password phase: counted as a failed login, logged, refused.</summary>
    private bool PasswordPhaseTimedOut()
    {
        _services.Counters.AuthFailed();
        Log.AuthenticationTimedOut(_logger, Id, PeerName);
        return false;
    }

    private void AcceptClient(string user, string database)
    {
        _services.Counters.AuthSucceeded();
        TrackClient(ConnectionTracker.Authenticate);
        if (_options.LogConnections)
        {
            Log.Connected(_logger, Id, user, database, PeerName);
        }
        BackendMessages.WriteAuthenticationOk(ClientOutput);
    }

    private static string OptionsOf(StartupPacket startup)
    {
        var parameters = startup.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].Key, "options", StringComparison.OrdinalIgnoreCase))
            {
                return parameters[i].Value;
            }
        }
        return "";
    }

    private async ValueTask<BackendMessage?> ReadPasswordMessageAsync(CancellationToken cancellationToken)
    {
        var read = await PipeMessageReader.ReadAsync(ClientInput, AuthenticationMessageLimit, cancellationToken).ConfigureAwait(false);
        if (read.Outcome == PipeMessageReader.Outcome.Invalid)
        {
            await WriteFatalAsync(PoolerErrors.ProtocolViolation(read.Error ?? "invalid message during authentication"), cancellationToken).ConfigureAwait(false);
            return null;
        }
        if (read.Outcome != PipeMessageReader.Outcome.Message || read.Message.Tag != FrontendTag.Password)
        {
            return null;
        }
        return read.Message;
    }

    private async ValueTask<bool> VerifyCleartextAsync(string password, CancellationToken cancellationToken)
    {
        BackendMessages.WriteAuthenticationCleartextPassword(ClientOutput);
        await FlushClientAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false) is not { } message
            || !PasswordMessageReader.TryReadCleartext(new ReadOnlySequence<byte>(message.Payload), out var offered))
        {
            return false;
        }
        return FixedTimeEquals(offered, password);
    }

    private async ValueTask<bool> VerifyMd5Async(string user, string password, CancellationToken cancellationToken)
    {
        var salt = new byte[4];
        Security.BufferedRandom.Fill(salt);
        BackendMessages.WriteAuthenticationMd5Password(ClientOutput, salt);
        await FlushClientAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false) is not { } message
            || !PasswordMessageReader.TryReadCleartext(new ReadOnlySequence<byte>(message.Payload), out var offered))
        {
            return false;
        }
        return FixedTimeEquals(offered, Md5Password.Compute(user, password, salt));
    }

    private ValueTask<bool> VerifyScramAsync(string user, CancellationToken cancellationToken) =>
        VerifyScramAsync(NewScramSession(_services.Credentials.FrontendScramSecret(user)!), LoginStep.SaslRequest, cancellationToken);

    /// <summary>The SCRAM exchange from <paramref name="from"/> on: the request, the client-first or the client-final message.</summary>
    private async ValueTask<bool> VerifyScramAsync(ScramServerSession scram, LoginStep from, CancellationToken cancellationToken)
    {
        if (from == LoginStep.SaslRequest)
        {
            BackendMessages.WriteAuthenticationSasl(ClientOutput, scram.Mechanisms);
        }
        // The request, or whatever the loop's login wrote before it handed over (a send it could not finish).
        await FlushClientAsync(cancellationToken).ConfigureAwait(false);

        if (from <= LoginStep.ClientFirst)
        {
            if (await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false) is not { } first
                || !PasswordMessageReader.TryReadSaslInitialResponse(new ReadOnlySequence<byte>(first.Payload), out var mechanism, out var clientFirst))
            {
                return false;
            }
            var serverFirst = scram.HandleClientFirst(mechanism, clientFirst);
            if (!serverFirst.Success || serverFirst.Message is null)
            {
                return false;
            }
            BackendMessages.WriteAuthenticationSaslContinue(ClientOutput, serverFirst.Message);
            await FlushClientAsync(cancellationToken).ConfigureAwait(false);
        }

        if (await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false) is not { } final)
        {
            return false;
        }
        var serverFinal = scram.HandleClientFinal(final.Payload);
        if (!serverFinal.Success || serverFinal.Message is null)
        {
            return false;
        }
        BackendMessages.WriteAuthenticationSaslFinal(ClientOutput, serverFinal.Message);
        return true;
    }

    private static bool FixedTimeEquals(string offered, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), Encoding.UTF8.GetBytes(expected));
}
