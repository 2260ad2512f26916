using System.Text;
using Akka.Configuration;

namespace Agroal.Actors.Cluster;

/// <summary>
/// Cluster mode's HOCON: hocon/cluster.conf (embedded defaults) with this node's values from the cluster_* keys
/// on top. The user's HOCON file is laid over the result by <see cref="Runtime.RuntimeHocon"/>, so it still wins.
/// </summary>
public static class ClusterHocon
{
    private const string DefaultsResource = "Agroal.Actors.hocon.cluster.conf";

    /// <summary>The embedded defaults as text (hocon/cluster.conf).</summary>
    public static string DefaultsText()
    {
        using var stream = typeof(ClusterHocon).Assembly.GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"the embedded resource {DefaultsResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The per-node keys: remoting binds and advertises cluster_host only, and the seeds carry cluster_name.</summary>
    public static string NodeText(ClusterSettings cluster) => NodeText(cluster, secure: false);

    /// <summary>The per-node keys; <paramref name="secure"/> (remoting over TLS) gives the seeds the akka.ssl.tcp protocol.</summary>
    public static string NodeText(ClusterSettings cluster, bool secure)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var text = new StringBuilder();
        text.Append("akka.remote.dot-netty.tcp.hostname = ").AppendLine(Quote(cluster.Host));
        text.Append("akka.remote.dot-netty.tcp.public-hostname = ").AppendLine(Quote(cluster.Host));
        text.Append("akka.remote.dot-netty.tcp.port = ").AppendLine(cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        text.Append("akka.cluster.seed-nodes = [");
        for (var i = 0; i < cluster.SeedNodes.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            text.Append(Quote(cluster.SeedAddress(cluster.SeedNodes[i], secure)));
        }
        text.AppendLine("]");
        return text.ToString();
    }

    /// <summary>Node values over cluster.conf: what goes under the user's file and over hocon/agroal.conf.</summary>
    public static Config Load(ClusterSettings cluster) => Load(cluster, secure: false);

    /// <summary>Node values over cluster.conf, with the seeds' protocol chosen by <paramref name="secure"/>.</summary>
    public static Config Load(ClusterSettings cluster, bool secure) =>
        ConfigurationFactory.ParseString(NodeText(cluster, secure)).WithFallback(ConfigurationFactory.ParseString(DefaultsText()));

    /// <summary>Whether <paramref name="config"/> (the effective HOCON) runs remoting over TLS.</summary>
    public static bool RemotingOverTls(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
