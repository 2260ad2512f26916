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

    /// <summary>Each server's system_identifier as startup_validation last read it (empty with startup_validation = off).</summary>
    IReadOnlyDictionary<string, string> ServerIdentifiers => System.Collections.Immutable.ImmutableDictionary<string, string>.Empty;
}
