namespace Agroal.Actors.Pool.Backend;

/// <summary>What the pooler needs to log in to a backend on behalf of a pool key.</summary>
/// <param name="Password">The users-file password, or null when the server must not ask for one (trust).</param>
/// <param name="StartupParameters">Parameters sent in the StartupMessage besides user and database.</param>
public sealed record BackendLogin(PoolKey Key, string? Password, IReadOnlyList<KeyValuePair<string, string>> StartupParameters);
