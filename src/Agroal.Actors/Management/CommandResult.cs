namespace Agroal.Actors.Management;

/// <summary>How one command ended: success (Error 0) or a pgagroal error code with agroal's explanation.</summary>
/// <param name="Change">What the actor applies to its own state once the command is back on its turn.</param>
/// <param name="ForceFlush">A graceful flush's deadline: what is still marked then is flushed at once (pgagroal HEAD's --timeout).</param>
internal readonly record struct CommandResult(int Error, string? Message = null, Action? AfterReply = null, ManagementProtocol.ForceFlush? ForceFlush = null,
    ManagementStateChange? Change = null)
{
    public static readonly CommandResult Ok = new(0);

    public bool Succeeded => Error == 0;

    public static CommandResult Fail(int error, string? message = null) => new(error, message);
}
