namespace Agroal.Actors.Configuration;

/// <summary>
/// Keys this project adds to pgagroal's [pgagroal] section:
/// <list type="table">
/// <item><term>max_prepared_statements</term><description>int, 200; per-client named statements tracked by the transaction pipeline; 0 = off.</description></item>
/// <item><term>cluster</term><description>bool, off; join an Akka.Cluster of agroal nodes (off: no remoting port is opened).</description></item>
/// <item><term>cluster_host</term><description>string, ""; the address remoting binds and advertises.</description></item>
/// <item><term>cluster_port</term><description>port, 4552; the remoting port.</description></item>
/// <item><term>cluster_seed_nodes</term><description>host:port list, ""; the seed nodes (comma-separated).</description></item>
/// <item><term>cluster_name</term><description>string, agroal; the actor system's name: nodes with another name never join.</description></item>
/// <item><term>failover_script_timeout</term><description>duration, 60; the failover script is killed after this.</description></item>
/// <item><term>max_message_size</term><description>size, 64MB; a longer client message closes the client with 08P01.</description></item>
/// </list>
/// </summary>
public sealed partial record MainSettings
{
    public int MaxPreparedStatements { get; init; } = 200;

    public bool Cluster { get; init; }

    public string ClusterHost { get; init; } = "";

    public int ClusterPort { get; init; } = 4552;

    /// <summary>As written: comma-separated host:port entries, each already checked by the parser.</summary>
    public string ClusterSeedNodes { get; init; } = "";

    /// <summary><see cref="ClusterSeedNodes"/> split on commas, trimmed, empties dropped.</summary>
    public IReadOnlyList<string> ClusterSeedNodeList =>
        ClusterSeedNodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string ClusterName { get; init; } = "agroal";

    public TimeSpan FailoverScriptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public long MaxMessageSize { get; init; } = 64L * 1024 * 1024;
}
