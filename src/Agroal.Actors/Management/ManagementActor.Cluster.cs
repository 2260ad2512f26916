using Agroal.Actors.Management.Wire;

namespace Agroal.Actors.Management;

public sealed partial class ManagementActor
{
    /// <summary>cluster members: this node's view of the membership.</summary>
    private CommandResult ClusterMembers(ManagementRequest request)
    {
        if (_settings.Cluster is not { } cluster)
        {
            return CommandResult.Fail(ManagementErrorCode.ClusterOff, ManagementErrorCode.Describe(ManagementErrorCode.ClusterOff));
        }
        ClusterDocument.Fill(ManagementDocument.ResponseOf(request.Document), cluster.Membership);
        return CommandResult.Ok;
    }

    /// <summary>cluster leave|down &lt;address&gt;: the address as listed by cluster members, or its host:port.</summary>
    private CommandResult ClusterLeaveOrDown(ManagementRequest request, bool down)
    {
        if (_settings.Cluster is not { } cluster)
        {
            return CommandResult.Fail(ManagementErrorCode.ClusterOff, ManagementErrorCode.Describe(ManagementErrorCode.ClusterOff));
        }
        var address = request.Document[ManagementKeys.Request]?[ManagementKeys.Address]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(address))
        {
            return CommandResult.Fail(ManagementErrorCode.MissingArgument, "which member? (an address from cluster members, or its host:port)");
        }
        var error = down ? cluster.Down(address) : cluster.Leave(address);
        return error is null ? CommandResult.Ok : CommandResult.Fail(ManagementErrorCode.ClusterUnknownMember, error);
    }
}
