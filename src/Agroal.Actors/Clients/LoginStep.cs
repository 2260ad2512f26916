namespace Agroal.Actors.Clients;

/// <summary>Where a client's login stands: what the pooler waits for next.</summary>
internal enum LoginStep
{
    /// <summary>The startup packet (after any SSLRequest or GSSENCRequest).</summary>
    Startup,

    /// <summary>Nothing yet: the AuthenticationSASL request is still to be sent.</summary>
    SaslRequest,

    /// <summary>The SASLInitialResponse with the client-first-message.</summary>
    ClientFirst,

    /// <summary>The SASLResponse with the client-final-message.</summary>
    ClientFinal,

    /// <summary>The exchange is over; its verdict is known.</summary>
    Verified,
}
