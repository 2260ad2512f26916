using System.Globalization;
using Agroal.Actors.Failover;

namespace Agroal.Actors.Cluster;

/// <summary>failover_script as a process, with pgagroal's arguments (old host, old port, new host, new port).</summary>
public sealed class FailoverScriptProcess(FailoverSettings settings) : IFailoverScript
{
    public Task<ScriptResult> RunAsync(string oldHost, int oldPort, string newHost, int newPort) =>
        ScriptRunner.RunAsync(settings.Script,
            [oldHost, oldPort.ToString(CultureInfo.InvariantCulture), newHost, newPort.ToString(CultureInfo.InvariantCulture)],
            settings.ScriptTimeout);
}
