using Agroal.Actors.Errors;

namespace Agroal.Actors.Pool.Backend;

public readonly record struct BackendLoginResult(BackendConnection? Connection, PoolerError? Error)
{
    public bool Succeeded => Connection is not null;

    public static BackendLoginResult Success(BackendConnection connection) => new(connection, null);

    public static BackendLoginResult Failure(PoolerError error) => new(null, error);
}
