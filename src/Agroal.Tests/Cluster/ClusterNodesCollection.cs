namespace Agroal.Tests.Cluster;

/// <summary>Test classes marked <c>[Collection("cluster-nodes")]</c> share one <see cref="ClusterNodesFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterNodesCollection : ICollectionFixture<ClusterNodesFixture>
{
    public const string Name = "cluster-nodes";
}
