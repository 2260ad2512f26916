using System.Net;
using Agroal.Actors.Configuration;
using Agroal.Actors.Security.Authentication;
using Agroal.Actors.Security.Hba;

namespace Agroal.Actors.Management.Configuration;

/// <summary>HBA for the management port that follows reloads: the matcher is rebuilt when the running snapshot changes.</summary>
public sealed class ConfigurationAccessPolicy(IConfigurationControl configuration) : IAccessPolicy
{
    private CachedPolicy? _cached;

    public AccessDecision Decide(string database, string user, IPAddress? clientAddress, bool isTls)
    {
        var current = configuration.Current;
        var cached = Volatile.Read(ref _cached);
        if (cached is null || !ReferenceEquals(cached.Snapshot, current))
        {
            cached = new CachedPolicy(current, new HbaAccessPolicy(HbaMatcher.For(current)));
            Volatile.Write(ref _cached, cached);
        }
        return cached.Policy.Decide(database, user, clientAddress, isTls);
    }

    private sealed record CachedPolicy(AgroalConfiguration Snapshot, HbaAccessPolicy Policy);
}
