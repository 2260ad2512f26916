using Akka.Actor;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Management;

public sealed partial class ManagementActor
{
    private async Task<CommandResult> StatusAsync(ManagementRequest request, bool details, TimeProvider clock, ManagementView view)
    {
        var failure = details ? ManagementErrorCode.DetailsFailed : ManagementErrorCode.StatusFailed;
        PoolProtocol.Status status;
        try
        {
            status = await _settings.Pool.Ask<PoolProtocol.Status>(PoolProtocol.GetStatus.Instance, _settings.AskTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return CommandResult.Fail(failure, "the pool did not answer in time");
        }
        var servers = await AskServersAsync().ConfigureAwait(false);
        StatusDocument.Fill(ManagementDocument.ResponseOf(request.Document), status, _settings.Configuration?.Current,
            view.DisabledDatabases, view.AllDisabled, details, clock, servers, GracefulShutdownUnderWay(view), _settings.Configuration?.ServerIdentifiers);
        if (details && _settings.Cluster is { } cluster)
        {
            ManagementDocument.ResponseOf(request.Document)[ManagementKeys.Cluster] = ClusterDocument.Node(cluster.Membership);
        }
        return CommandResult.Ok;
    }

    /// <summary>pgagroal 2.1's ping: the ServerVersion and a Servers object with each server's Status and Primary.</summary>
    private async Task<CommandResult> PingAsync(ManagementRequest request)
    {
        var servers = await AskServersAsync().ConfigureAwait(false);
        var configured = _settings.Configuration?.Current.Servers ?? [];
        var response = ManagementDocument.ResponseOf(request.Document);
        response[ManagementKeys.Servers] = ServersDocument.ForPing(configured, servers);
        response[ManagementKeys.InvalidServers] = ServersDocument.InvalidServers(configured, servers, pingForm: true);
        return CommandResult.Ok;
    }

    /// <summary>A graceful shutdown asked for here, or by SIGUSR2 (the pool then refuses new clients).</summary>
    private bool GracefulShutdownUnderWay(ManagementView view) => view.GracefulRequested || _settings.Lifecycle?.RefusingNewClients == true;

    /// <summary>
    /// Server states come from the pool, which tracks them (primary detection, failover, health); a pool that does
    /// not answer leaves the configured hints.
    /// </summary>
    private async Task<PoolProtocol.Servers?> AskServersAsync()
    {
        try
        {
            return await _settings.Pool.Ask<object>(PoolProtocol.GetServers.Instance, _settings.AskTimeout).ConfigureAwait(false) as PoolProtocol.Servers;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
