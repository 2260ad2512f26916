namespace Agroal.Actors.Pool.Backend;

/// <summary>
/// Secrets the pooler may log in with when it holds no password for a user: keys recovered from a client's SCRAM
/// proof, or an md5 hash, learned through auth_query. Kept in memory only.
/// </summary>
public interface IBackendSecretSource
{
    BackendSecret? Find(string user);
}
