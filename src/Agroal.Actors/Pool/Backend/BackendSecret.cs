namespace Agroal.Actors.Pool.Backend;

/// <summary>What the pooler can answer a server with instead of a password.</summary>
/// <param name="ClientKey">SCRAM ClientKey recovered from a client's proof (with <paramref name="ServerKey"/>).</param>
/// <param name="Md5Hash">The stored "md5..." hash: enough to answer any md5 salt.</param>
public sealed record BackendSecret(byte[]? ClientKey, byte[]? ServerKey, string? Md5Hash)
{
    public bool HasScramKeys => ClientKey is not null && ServerKey is not null;
}
