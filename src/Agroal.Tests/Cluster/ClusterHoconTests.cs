using Agroal.Actors.Cluster;
using Agroal.Actors.Runtime;

namespace Agroal.Tests.Cluster;

/// <summary>Cluster mode's HOCON layers: agroal.conf, cluster.conf, the node's keys, and the user's file over all.</summary>
public sealed class ClusterHoconTests
{
    private static readonly ClusterSettings Node = new("127.0.0.1", 4611, ["127.0.0.1:4611", "127.0.0.1:4612"], "east");

    [Fact]
    public void Standalone_stays_local_without_remoting()
    {
        var config = RuntimeHocon.Load(null, null);
        Assert.Equal("local", config.GetString("akka.actor.provider"));
        Assert.False(config.HasPath("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void Cluster_mode_binds_the_node_and_lists_the_seeds()
    {
        var config = RuntimeHocon.Load(null, Node);
        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(4611, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://east@127.0.0.1:4611", "akka.tcp://east@127.0.0.1:4612"], config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        // agroal.conf still applies under the cluster layer.
        Assert.Equal("task-executor", config.GetString("akka.actor.default-dispatcher.executor"));
    }

    [Fact]
    public void The_users_file_still_wins()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "akka.cluster.split-brain-resolver.stable-after = 2s\nakka.cluster.seed-nodes = [\"akka.tcp://east@127.0.0.1:4699\"]\n");
            var config = RuntimeHocon.Load(file, Node);
            Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
            Assert.Equal(["akka.tcp://east@127.0.0.1:4699"], config.GetStringList("akka.cluster.seed-nodes"));
            Assert.Equal(4611, config.GetInt("akka.remote.dot-netty.tcp.port"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Print_hocon_renders_the_cluster_layer()
    {
        var text = RuntimeHocon.Render(RuntimeHocon.Load(null, Node));
        Assert.Contains("akka.tcp://east@127.0.0.1:4612", text, StringComparison.Ordinal);
    }
}
