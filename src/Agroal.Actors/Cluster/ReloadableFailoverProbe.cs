using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Cluster;

/// <summary>The coordinator's probes with the servers and health_check_user (and its password) this node's configuration has now.</summary>
public sealed class ReloadableFailoverProbe(BackendConnector connector, ClusterFailoverOptions options) : IFailoverProbe
{
    public Task<bool> AcceptsConnectionsAsync(string host, int port, TimeSpan timeout) => Current().AcceptsConnectionsAsync(host, port, timeout);

    public Task<bool?> IsInRecoveryAsync(string host, int port, TimeSpan timeout) => Current().IsInRecoveryAsync(host, port, timeout);

    private BackendFailoverProbe Current()
    {
        var current = options.Current;
        return new BackendFailoverProbe(connector, current.Servers, current.HealthCheckUser, current.BackendPassword(current.HealthCheckUser));
    }
}
