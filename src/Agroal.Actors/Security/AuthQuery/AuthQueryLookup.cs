using Agroal.Actors.Errors;

namespace Agroal.Actors.Security.AuthQuery;

/// <summary>The outcome of one auth_query: the user's stored secret (null when the role has none or does not exist), or why the lookup failed.</summary>
public readonly record struct AuthQueryLookup(StoredSecret? Secret, PoolerError? Error)
{
    public bool Failed => Error is not null;

    public static AuthQueryLookup Found(StoredSecret? secret) => new(secret, null);

    public static AuthQueryLookup Failure(PoolerError error) => new(null, error);
}
