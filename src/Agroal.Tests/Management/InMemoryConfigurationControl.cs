using Agroal.Actors.Configuration;
using Agroal.Actors.Management.Configuration;

namespace Agroal.Tests.Management;

/// <summary>A configuration control without files: Apply swaps the snapshot (keeping restart-only keys), reload re-reads a loader.</summary>
internal sealed class InMemoryConfigurationControl(AgroalConfiguration initial, Func<ConfigurationLoadResult>? reload = null) : IConfigurationControl
{
    public AgroalConfiguration Current { get; private set; } = initial;

    public int Applied { get; private set; }

    public ConfigurationApplyResult ReloadFromFiles()
    {
        if (reload is null)
        {
            return ConfigurationApplyResult.Rejected("no files");
        }
        var loaded = reload();
        return loaded.Succeeded ? Apply(loaded.Configuration!) : ConfigurationApplyResult.Rejected(string.Join("; ", loaded.Errors));
    }

    public ConfigurationApplyResult Apply(AgroalConfiguration next)
    {
        var changes = ConfigurationDiff.Compute(Current, next).Changes;
        Current = RunningValues.KeepRestartOnlyKeys(Current, next);
        Applied++;
        return ConfigurationApplyResult.Applied(changes);
    }
}
