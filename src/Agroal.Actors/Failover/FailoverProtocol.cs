using Agroal.Actors.Pool;

namespace Agroal.Actors.Failover;

/// <summary>Messages the <see cref="FailoverActor"/> receives besides the pool's <see cref="FailoverRequest"/>.</summary>
public static class FailoverProtocol
{
    /// <summary>Asks how many times the failover script has been started; the answer is an int.</summary>
    public sealed class GetScriptRuns
    {
        public static readonly GetScriptRuns Instance = new();

        private GetScriptRuns()
        {
        }
    }

    internal sealed record ScriptFinished(FailoverRequest Request, ScriptResult Result);

    internal sealed record NotifyFinished(ScriptResult Result);
}
