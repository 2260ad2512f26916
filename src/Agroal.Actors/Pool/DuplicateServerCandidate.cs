namespace Agroal.Actors.Pool;

/// <summary>What the tie-break of a duplicate pair looks at for one server.</summary>
/// <param name="Index">The section's place in pgagroal.conf.</param>
/// <param name="HasActiveConnections">A backend on it is neither free nor being opened (pgagroal's has_active_connections).</param>
/// <param name="IsPrimary">Its state is Primary or Not init (primary) (pgagroal_server_is_primary).</param>
/// <param name="AlreadyInvalid">An earlier reload marked it invalid.</param>
public readonly record struct DuplicateServerCandidate(int Index, bool HasActiveConnections, bool IsPrimary, bool AlreadyInvalid);
