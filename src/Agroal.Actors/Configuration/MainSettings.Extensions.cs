namespace Agroal.Actors.Configuration;

/// <summary>
/// Keys this project adds to pgagroal's [pgagroal] section:
/// <list type="table">
/// <item><term>max_prepared_statements</term><description>int, 200; per-client named statements tracked by the transaction pipeline; 0 = off.</description></item>
/// <item><term>cluster</term><description>bool, off; join the etcd cluster.</description></item>
/// <item><term>cluster_etcd_endpoints</term><description>string, ""; comma-separated etcd URLs.</description></item>
/// <item><term>cluster_node_name</term><description>string, ""; this node's name in the cluster (empty = host name).</description></item>
/// <item><term>failover_script_timeout</term><description>duration, 60; the failover script is killed after this.</description></item>
/// <item><term>max_message_size</term><description>size, 64MB; a longer client message closes the client with 08P01.</description></item>
/// </list>
/// </summary>
public sealed partial record MainSettings
{
    public int MaxPreparedStatements { get; init; } = 200;

    public bool Cluster { get; init; }

    public string ClusterEtcdEndpoints { get; init; } = "";

    /// <summary><see cref="ClusterEtcdEndpoints"/> split on commas, trimmed, empties dropped.</summary>
    public IReadOnlyList<string> ClusterEtcdEndpointList =>
        ClusterEtcdEndpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string ClusterNodeName { get; init; } = "";

    public TimeSpan FailoverScriptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public long MaxMessageSize { get; init; } = 64L * 1024 * 1024;
}
