using Agroal.Actors.Failover;

namespace Agroal.Actors.Cluster;

/// <summary>Runs failover_script for the coordinator (the process in production, a counter in deterministic tests).</summary>
public interface IFailoverScript
{
    Task<ScriptResult> RunAsync(string oldHost, int oldPort, string newHost, int newPort);
}
