namespace Agroal.Actors.Clients;

public sealed partial class ClientSession
{
    /// <summary>Cancelled when a login phase outlasts authentication_timeout; one per session, reset between phases.</summary>
    private CancellationTokenSource? _loginTimeout;

    /// <summary>
    /// Arms authentication_timeout for one phase of the login (the startup packet, the password exchange). Each phase
    /// gets the whole timeout, as before; what is shared is the source, its link to the session's token and its timer,
    /// which would otherwise be made and torn down again for every phase of every login.
    /// </summary>
    private CancellationTokenSource StartLoginPhase(CancellationToken sessionToken)
    {
        var timeout = _loginTimeout;
        // TryReset fails once the timer has fired; that phase ended the login, but a later caller still gets a fresh one.
        if (timeout is null || !timeout.TryReset())
        {
            timeout?.Dispose();
            timeout = CancellationTokenSource.CreateLinkedTokenSource(sessionToken);
            _loginTimeout = timeout;
        }
        timeout.CancelAfter(_options.AuthenticationTimeout);
        return timeout;
    }

    /// <summary>Stops the timer once the login is over, whichever way it ended.</summary>
    private void EndLogin()
    {
        _loginTimeout?.Dispose();
        _loginTimeout = null;
    }
}
