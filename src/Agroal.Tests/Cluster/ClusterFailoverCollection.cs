namespace Agroal.Tests.Cluster;

/// <summary>
/// The cluster failover test runs alone: it measures how fast three nodes follow a promotion, which a loaded machine
/// (other agroal processes and PostgreSQL servers starting at the same time) would blur.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterFailoverCollection
{
    public const string Name = "cluster-failover";
}
