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

    /// <summary>A reload changed failover_script, failover_notify_script or failover_script_timeout: the next run uses them.</summary>
    public sealed record Reconfigure(FailoverSettings Settings);

    internal sealed record ScriptFinished(FailoverRequest Request, ScriptResult Result);

    internal sealed record NotifyFinished(ScriptResult Result);
}
