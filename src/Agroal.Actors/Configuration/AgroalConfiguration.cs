namespace Agroal.Actors.Configuration;

/// <summary>
/// The whole configuration as one immutable snapshot. A reload builds a new one and swaps it whole;
/// <see cref="ConfigurationDiff"/> tells which changes apply live.
/// </summary>
public sealed record AgroalConfiguration(
    MainSettings Main,
    IReadOnlyList<ServerSettings> Servers,
    HbaTable Hba,
    LimitTable Limits,
    ConfigurationPaths Paths,
    IReadOnlyList<ConfigurationWarning> Warnings)
{
    /// <summary>The server section with this name, or null.</summary>
    public ServerSettings? FindServer(string name)
    {
        foreach (var server in Servers)
        {
            if (string.Equals(server.Name, name, StringComparison.Ordinal))
            {
                return server;
            }
        }

        return null;
    }
}
