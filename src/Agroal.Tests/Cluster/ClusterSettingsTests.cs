using Agroal.Actors.Cluster;
using Agroal.Actors.Configuration;
using Agroal.Tests.Configuration;

namespace Agroal.Tests.Cluster;

/// <summary>The cluster_* keys of [pgagroal]: parsing, file:line errors, and the retired etcd keys.</summary>
public sealed class ClusterSettingsTests
{
    private const string Node = "cluster = on\ncluster_host = 127.0.0.1\ncluster_seed_nodes = 127.0.0.1:4552\n";

    private static void AssertError(ConfigurationLoadResult result, string message)
    {
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal) && e.Line > 0);
    }

    [Fact]
    public void Defaults_are_standalone()
    {
        using var config = TempConfig.WithMainKeys("");
        var main = config.LoadValid().Main;
        Assert.False(main.Cluster);
        Assert.Equal(4552, main.ClusterPort);
        Assert.Equal("agroal", main.ClusterName);
        Assert.Null(ClusterSettings.From(main));
    }

    [Fact]
    public void A_full_node_is_read()
    {
        using var config = TempConfig.WithMainKeys("cluster = on\ncluster_host = 127.0.0.1\ncluster_port = 4600\ncluster_seed_nodes = \"127.0.0.1:4600, 127.0.0.1:4601,[::1]:4602\"\ncluster_name = east-1");
        var cluster = ClusterSettings.From(config.LoadValid().Main)!;
        Assert.Equal(["127.0.0.1:4600", "127.0.0.1:4601", "[::1]:4602"], cluster.SeedNodes);
        Assert.Equal("akka.tcp://east-1@127.0.0.1:4600", cluster.SelfAddress);
        Assert.Equal("akka.tcp://east-1@[::1]:4602", cluster.SeedAddress(cluster.SeedNodes[2]));
    }

    [Fact]
    public void Cluster_on_needs_a_host()
    {
        using var config = TempConfig.WithMainKeys("cluster = on\ncluster_seed_nodes = 127.0.0.1:4552");
        AssertError(config.Load(), "cluster_host: required when cluster = on");
    }

    [Fact]
    public void Cluster_on_needs_a_seed()
    {
        using var config = TempConfig.WithMainKeys("cluster = on\ncluster_host = 127.0.0.1");
        AssertError(config.Load(), "cluster_seed_nodes: required when cluster = on");
    }

    [Fact]
    public void Cluster_failover_needs_a_health_check_user()
    {
        using var config = TempConfig.WithMainKeys(Node + "failover = on\nfailover_script = /bin/true");
        AssertError(config.Load(), "failover: in cluster mode needs health_check_user");
    }

    [Theory]
    [InlineData("cluster_seed_nodes = 127.0.0.1", "\"127.0.0.1\" is not host:port")]
    [InlineData("cluster_seed_nodes = 127.0.0.1:0", "has no port in 1..65535")]
    [InlineData("cluster_seed_nodes = 127.0.0.1:99999", "has no port in 1..65535")]
    [InlineData("cluster_seed_nodes = ::1:4552", "is not host:port")]
    [InlineData("cluster_port = 70000", "cluster_port")]
    [InlineData("cluster_name = \"no dots.here\"", "Akka actor system's name")]
    [InlineData("cluster_name = _x", "Akka actor system's name")]
    public void Bad_values_are_refused_at_their_line(string line, string message)
    {
        using var config = TempConfig.WithMainKeys(Node + line);
        AssertError(config.Load(), message);
    }

    [Theory]
    [InlineData("cluster_etcd_endpoints = http://e1:2379")]
    [InlineData("cluster_node_name = n1")]
    public void The_etcd_keys_are_refused_with_their_replacements(string line)
    {
        using var config = TempConfig.WithMainKeys(line);
        AssertError(config.Load(), "cluster mode is Akka.Cluster, configured with cluster_host, cluster_port, cluster_seed_nodes and cluster_name");
    }
}
