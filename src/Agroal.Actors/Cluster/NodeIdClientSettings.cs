namespace Agroal.Actors.Cluster;

/// <summary>How often a <see cref="NodeIdClient"/> asks for an id it does not have yet, and tells the id it holds.</summary>
public sealed record NodeIdClientSettings(TimeSpan RetryInterval, TimeSpan RefreshInterval)
{
    public static readonly NodeIdClientSettings Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
}
