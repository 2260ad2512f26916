namespace Agroal.Actors.Management.Remote;

/// <summary>
/// Turns an accepted socket's stream into a server-side TLS stream with the pooler's certificate, after the peer's
/// SSLRequest has been answered 'S'. Supplied by the TLS component; without it SSLRequest is answered 'N'.
/// </summary>
public delegate Task<Stream> ManagementTlsUpgrade(Stream plain, CancellationToken cancellationToken);
