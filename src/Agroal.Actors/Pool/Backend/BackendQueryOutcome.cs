using Agroal.Actors.Protocol;

namespace Agroal.Actors.Pool.Backend;

/// <summary>How a query the pooler ran on its own account ended.</summary>
/// <param name="Healthy">The backend answered with ReadyForQuery and no error: it may be reused.</param>
/// <param name="Status">The ReadyForQuery status ('I', 'T', 'E'), or 0 when none arrived.</param>
/// <param name="ServerEnded">The server ended the backend (its FATAL, or the socket's end): as opposed to a wrong
/// answer or none in time, from a backend that is still there.</param>
public readonly record struct BackendQueryOutcome(bool Healthy, byte Status, ErrorFields? Error, string? Failure, bool ServerEnded = false)
{
    public static BackendQueryOutcome Lost(string reason) => new(false, 0, null, reason);

    public static BackendQueryOutcome Ended(string reason) => new(false, 0, null, reason, ServerEnded: true);
}
