namespace Agroal.Actors.Pool.Backend;

/// <summary>
/// How a backend logged in when the pooler held no password (pass-through): the server's authentication request and
/// the first client's answer. A later client of the same user gets the same request and must give the same answer,
/// which is possible for cleartext and md5 (fixed salt per backend) and for trust; never for SCRAM.
/// </summary>
public sealed record PassThroughLogin(byte[] Request, byte[] Answer)
{
    /// <summary>The server asked for nothing.</summary>
    public static readonly PassThroughLogin Trusted = new([], []);

    public bool IsTrusted => Request.Length == 0;
}
