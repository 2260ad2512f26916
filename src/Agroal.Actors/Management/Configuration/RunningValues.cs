using Agroal.Actors.Configuration;
using Agroal.Actors.Configuration.Parsing;

namespace Agroal.Actors.Management.Configuration;

/// <summary>
/// Builds the snapshot a reload may actually switch to: the new files' values for keys that change live, the running
/// values for the ones that need a restart (pgagroal: "Current values preserved").
/// </summary>
public static class RunningValues
{
    public static AgroalConfiguration KeepRestartOnlyKeys(AgroalConfiguration running, AgroalConfiguration next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var context = new SettingContext(static _ => null);
        var main = next.Main;
        foreach (var key in MainKeys.All)
        {
            if (key.Reload == ReloadEffect.RequiresRestart && key.Format(running.Main) != key.Format(main)
                && key.TryApply(main, key.Format(running.Main), context, out var restored, out _))
            {
                main = restored;
            }
        }

        if (running.Main.Cluster && main.Failover != running.Main.Failover)
        {
            // Restart-only in cluster mode (see ConfigurationDiff).
            main = main with { Failover = running.Main.Failover };
        }

        var servers = new List<ServerSettings>(next.Servers.Count);
        foreach (var server in next.Servers)
        {
            var before = running.FindServer(server.Name);
            var kept = server;
            if (before is not null)
            {
                foreach (var key in ServerKeys.All)
                {
                    if (key.Reload == ReloadEffect.RequiresRestart && key.Format(before) != key.Format(kept)
                        && key.TryApply(kept, key.Format(before), context, out var restored, out _))
                    {
                        kept = restored;
                    }
                }
            }
            servers.Add(kept);
        }
        // A server that disappeared needs a restart to go away: keep serving it until then.
        foreach (var server in running.Servers)
        {
            if (next.FindServer(server.Name) is null)
            {
                servers.Add(server);
            }
        }

        var limits = LimitsNeedRestart(running, next) ? running.Limits : next.Limits;
        return next with { Main = main, Servers = servers, Limits = limits };
    }

    private static bool LimitsNeedRestart(AgroalConfiguration running, AgroalConfiguration next)
    {
        foreach (var change in ConfigurationDiff.Compute(running with { Main = next.Main, Servers = next.Servers, Hba = next.Hba }, next).Changes)
        {
            if (change.Effect == ReloadEffect.RequiresRestart && change.Key.StartsWith("limit.", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
