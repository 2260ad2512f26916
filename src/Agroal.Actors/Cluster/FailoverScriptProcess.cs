using System.Globalization;
using Agroal.Actors.Failover;
using Agroal.Actors.Pool;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Actors.Cluster;

/// <summary>
/// failover_script as a process, with pgagroal's arguments (old host, old port, new host, new port). After a successful
/// run, failover_notify_script (when set) runs on the same node, with the other configured servers as the standbys; the
/// coordinator does not wait for it, as the standalone failover actor does not.
/// </summary>
public sealed class FailoverScriptProcess(FailoverSettings settings, IReadOnlyList<ServerEndpoint>? servers = null, ILogger? logger = null) : IFailoverScript
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async Task<ScriptResult> RunAsync(string oldHost, int oldPort, string newHost, int newPort)
    {
        var result = await ScriptRunner.RunAsync(settings.Script, [oldHost, Port(oldPort), newHost, Port(newPort)], settings.ScriptTimeout)
            .ConfigureAwait(false);
        if (result.Succeeded && settings.NotifyScript.Length > 0)
        {
            _ = NotifyAsync(oldHost, oldPort, newHost, newPort);
        }
        return result;
    }

    private async Task NotifyAsync(string oldHost, int oldPort, string newHost, int newPort)
    {
        var arguments = new List<string> { oldHost, Port(oldPort), newHost, Port(newPort) };
        foreach (var server in servers ?? [])
        {
            var isOld = server.Port == oldPort && string.Equals(server.Host, oldHost, StringComparison.Ordinal);
            var isNew = server.Port == newPort && string.Equals(server.Host, newHost, StringComparison.Ordinal);
            if (!isOld && !isNew)
            {
                arguments.Add(server.Host);
                arguments.Add(Port(server.Port));
            }
        }
        var notified = await ScriptRunner.RunAsync(settings.NotifyScript, arguments, settings.ScriptTimeout).ConfigureAwait(false);
        var output = notified.Output.TrimEnd();
        if (notified.Succeeded)
        {
            FailoverLog.ScriptSucceeded(_logger, "failover_notify_script", output);
        }
        else if (notified.TimedOut)
        {
            FailoverLog.ScriptTimedOut(_logger, "failover_notify_script", settings.ScriptTimeout.TotalSeconds, output);
        }
        else
        {
            FailoverLog.ScriptFailed(_logger, "failover_notify_script", notified.ExitCode, output);
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
