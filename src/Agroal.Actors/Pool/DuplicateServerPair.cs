namespace Agroal.Actors.Pool;

/// <summary>
/// Two server sections that startup_validation found to be one PostgreSQL (the same <c>system_identifier</c>);
/// <paramref name="First"/> comes before <paramref name="Second"/> in pgagroal.conf.
/// </summary>
public sealed record DuplicateServerPair(ServerEndpoint First, ServerEndpoint Second, string SystemIdentifier);
