using System.Collections.Concurrent;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Security.AuthQuery;

/// <summary>
/// Per user, what the last successful auth_query login taught the pooler: the SCRAM ClientKey recovered from the
/// client's proof with the ServerKey, or the md5 hash. Memory only; lets the pool open backends for the user later.
/// </summary>
public sealed class RecoveredSecretCache : IBackendSecretSource
{
    private readonly ConcurrentDictionary<string, BackendSecret> _secrets = new(StringComparer.Ordinal);

    public int Count => _secrets.Count;

    public BackendSecret? Find(string user) => _secrets.TryGetValue(user, out var secret) ? secret : null;

    public void Store(string user, BackendSecret secret) => _secrets[user] = secret;

    public void Forget(string user) => _secrets.TryRemove(user, out _);
}
