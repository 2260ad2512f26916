using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool;

public static partial class ServerConnectionProtocol
{
    /// <summary>Run <c>SELECT 1</c> on the idle backend (slot state Validation) and report <see cref="PoolProtocol.ValidationCompleted"/>.</summary>
    public sealed record Validate(TimeSpan Timeout);

    internal sealed record ValidationFinished(BackendQueryOutcome Outcome);
}
