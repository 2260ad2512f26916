using Agroal.Actors.Failover;

namespace Agroal.Actors.Cluster;

/// <summary>The coordinator's messages to itself (results of its probes and of the script) and its counter query.</summary>
public static class FailoverCoordinatorProtocol
{
    /// <summary>Asks how many times this coordinator instance started failover_script; the answer is an int.</summary>
    public sealed class GetScriptRuns
    {
        public static readonly GetScriptRuns Instance = new();

        private GetScriptRuns()
        {
        }
    }

    internal sealed record OldPrimaryProbed(bool AcceptsConnections);

    internal sealed record CandidateProbed(bool? InRecovery);

    internal sealed record ScriptEnded(ScriptResult Result);
}
