using Agroal.Actors.Protocol;

namespace Agroal.Actors.Pool.Backend;

/// <summary>How a query the pooler ran on its own account ended.</summary>
/// <param name="Healthy">The backend answered with ReadyForQuery and no error: it may be reused.</param>
/// <param name="Status">The ReadyForQuery status ('I', 'T', 'E'), or 0 when none arrived.</param>
public readonly record struct BackendQueryOutcome(bool Healthy, byte Status, ErrorFields? Error, string? Failure)
{
    public static BackendQueryOutcome Lost(string reason) => new(false, 0, null, reason);
}
