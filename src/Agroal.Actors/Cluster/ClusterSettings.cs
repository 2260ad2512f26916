using Agroal.Actors.Configuration;
using Agroal.Actors.Configuration.Parsing;

namespace Agroal.Actors.Cluster;

/// <summary>This node's cluster keys (cluster_host, cluster_port, cluster_seed_nodes, cluster_name), already validated.</summary>
/// <param name="Host">The address remoting binds and advertises.</param>
/// <param name="Port">The remoting port.</param>
/// <param name="SeedNodes">host:port entries ([v6]:port for IPv6).</param>
/// <param name="Name">The actor system's name: it is part of every address, so nodes with another name never join.</param>
public sealed record ClusterSettings(string Host, int Port, IReadOnlyList<string> SeedNodes, string Name)
{
    /// <summary>Null when cluster = off.</summary>
    public static ClusterSettings? From(MainSettings main)
    {
        ArgumentNullException.ThrowIfNull(main);
        return main.Cluster ? new ClusterSettings(main.ClusterHost, main.ClusterPort, main.ClusterSeedNodeList, main.ClusterName) : null;
    }

    /// <summary>The protocol of plain remoting addresses.</summary>
    public const string PlainProtocol = "akka.tcp";

    /// <summary>The protocol of addresses when remoting runs over TLS (akka.remote.dot-netty.tcp.enable-ssl = true).</summary>
    public const string TlsProtocol = "akka.ssl.tcp";

    /// <summary>The Akka address of a seed over plain remoting (akka.tcp://name@host:port).</summary>
    public string SeedAddress(string seed) => SeedAddress(seed, secure: false);

    /// <summary>The Akka address of a seed; a TLS node listens under akka.ssl.tcp, so its seeds must carry that protocol.</summary>
    public string SeedAddress(string seed, bool secure)
    {
        if (!ClusterKeyParsers.TrySplitHostPort(seed, out var host, out var port, out var reason))
        {
            throw new ArgumentException($"seed node \"{seed}\" {reason}", nameof(seed));
        }
        return $"{(secure ? TlsProtocol : PlainProtocol)}://{Name}@{FormatHost(host)}:{port}";
    }

    /// <summary>This node's own address as the other members see it.</summary>
    public string SelfAddress => $"akka.tcp://{Name}@{FormatHost(Host)}:{Port}";

    private static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
}
