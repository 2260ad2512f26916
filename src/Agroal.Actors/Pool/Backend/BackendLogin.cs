namespace Agroal.Actors.Pool.Backend;

/// <summary>What the pooler needs to log in to a backend on behalf of a pool key.</summary>
/// <param name="Password">The users-file password, or null when the server must not ask for one (trust).</param>
/// <param name="ApplicationName">The application_name of the client the backend is opened for, or null for none.</param>
/// <remarks>
/// A backend starts with no client parameters but <c>options</c> (part of the key) and, in the session pipeline, the
/// opening client's application_name: the reset query (DISCARD ALL) returns it to those, so the next client of the same
/// application needs no alignment round trip, and each client's other parameters are applied on attach.
/// </remarks>
public sealed record BackendLogin(PoolKey Key, string? Password, string? ApplicationName = null);
