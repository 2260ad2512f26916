using Agroal.Actors.Failover;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>failover_script (then failover_notify_script) as this node's configuration names them at the moment of the run.</summary>
public sealed class ReloadableFailoverScript(ClusterFailoverOptions options, ILogger logger) : IFailoverScript
{
    public Task<ScriptResult> RunAsync(string oldHost, int oldPort, string newHost, int newPort)
    {
        var current = options.Current;
        if (current.FailoverScript.Length == 0)
        {
            // failover stays on until a restart in cluster mode, while a reload may have taken the script away.
            return Task.FromResult(new ScriptResult(-1, "failover_script is not set on this node", TimedOut: false));
        }
        var script = new FailoverScriptProcess(new FailoverSettings(current.FailoverScript, current.FailoverNotifyScript, current.FailoverScriptTimeout),
            current.Servers, logger);
        return script.RunAsync(oldHost, oldPort, newHost, newPort);
    }
}
