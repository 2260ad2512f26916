namespace Agroal.Actors.Failover;

/// <summary>How a failover script ended: its exit code (-1 when it could not start or was killed) and its output.</summary>
public sealed record ScriptResult(int ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
