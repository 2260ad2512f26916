using Akka.DistributedData;

namespace Agroal.Actors.Cluster;

/// <summary>Where the <see cref="PrimaryView"/> lives in Distributed Data: one last-writer-wins register for the whole cluster.</summary>
public static class PrimaryViewKey
{
    public static readonly LWWRegisterKey<PrimaryView> Key = new("agroal-primary-view");
}
