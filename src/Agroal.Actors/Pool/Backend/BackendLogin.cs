namespace Agroal.Actors.Pool.Backend;

/// <summary>What the pooler needs to log in to a backend on behalf of a pool key.</summary>
/// <param name="Password">The users-file password, or null when the server must not ask for one (trust).</param>
/// <remarks>
/// A backend starts with no client parameters but <c>options</c> (part of the key): the reset query then always
/// returns it to the server's defaults, and each client's parameters are applied on attach.
/// </remarks>
public sealed record BackendLogin(PoolKey Key, string? Password);
