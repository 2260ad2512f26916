using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool;

/// <summary>The FSM data of a slot actor: the backend once logged in.</summary>
public sealed record ServerConnectionData(BackendConnection? Connection)
{
    public static readonly ServerConnectionData Empty = new((BackendConnection?)null);
}
