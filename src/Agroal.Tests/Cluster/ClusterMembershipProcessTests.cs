namespace Agroal.Tests.Cluster;

/// <summary>Three real agroal processes in cluster mode: membership, and clients served through every node.</summary>
[Collection(ClusterNodesCollection.Name)]
public sealed class ClusterMembershipProcessTests(ClusterNodesFixture fixture)
{
    [Fact]
    public async Task Three_nodes_are_all_up_and_each_serves_clients()
    {
        await fixture.EnsureThreeUpAsync();
        foreach (var node in fixture.Nodes)
        {
            Assert.Contains("agroal_cluster_self_up 1", await node.ScrapeAsync(), StringComparison.Ordinal);
            await using var connection = await node.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 40 + 2";
            Assert.Equal(42, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
