using Agroal.Actors.Kernel;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Management;

public sealed partial class ManagementActor
{
    private async Task<CommandResult> StatusAsync(ManagementRequest request, bool details, TimeProvider clock)
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
        // Server states come from the pool, which tracks them (primary detection, failover, health); an older pool
        // that does not answer leaves the configured hints.
        PoolProtocol.Servers? servers = null;
        try
        {
            servers = await _settings.Pool.Ask<object>(PoolProtocol.GetServers.Instance, _settings.AskTimeout).ConfigureAwait(false) as PoolProtocol.Servers;
        }
        catch (AskTimeoutException)
        {
        }
        StatusDocument.Fill(ManagementDocument.ResponseOf(request.Document), status, _settings.Configuration?.Current,
            [.. _disabledDatabases], _allDisabled, details, clock, servers);
        return CommandResult.Ok;
    }
}
