namespace Agroal.Actors.Clients;

/// <summary>A client session ended with an exception: a bug, reported to the supervisor, which ends that client only.</summary>
public sealed class ClientSessionFailedException(long clientId, Exception cause)
    : Exception($"client-{clientId}: session failed: {cause.Message}", cause);
