using Agroal.Actors.Configuration;

namespace Agroal.Actors.Management.Configuration;

/// <summary>
/// The running configuration as the management commands see it: read it, reload it from the files (conf reload,
/// SIGHUP), or apply an edited copy (conf set). Implemented by the process's reloader.
/// </summary>
public interface IConfigurationControl
{
    AgroalConfiguration Current { get; }

    ConfigurationApplyResult ReloadFromFiles();

    /// <summary>Applies the keys of <paramref name="next"/> that change live; the others keep their running values.</summary>
    ConfigurationApplyResult Apply(AgroalConfiguration next);
}
