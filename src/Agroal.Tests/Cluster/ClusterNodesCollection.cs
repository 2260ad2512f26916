namespace Agroal.Tests.Cluster;

/// <summary>
/// Test classes marked <c>[Collection("cluster-nodes")]</c> share one <see cref="ClusterNodesFixture"/>. They run
/// alone, after the parallel tests: with the short failure-detector timings the fixture uses, three nodes starved
/// by the rest of the suite on two cores take each other for dead and the tests measure the machine, not the cluster.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterNodesCollection : ICollectionFixture<ClusterNodesFixture>
{
    public const string Name = "cluster-nodes";
}
