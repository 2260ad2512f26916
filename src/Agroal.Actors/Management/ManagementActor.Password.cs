using Agroal.Actors.Management.Wire;

namespace Agroal.Actors.Management;

public sealed partial class ManagementActor
{
    /// <summary>
    /// GET_PASSWORD (9), as pgagroal answers it for pgagroal-vault: the Username asked for and the frontend user's current
    /// password (rotated by rotate_frontend_password_timeout), or null when the name is not a frontend user. Only an
    /// admin reaches it: the local socket belongs to the pooler's OS user, and the remote port asks for an admin login.
    /// </summary>
    private CommandResult GetPassword(ManagementRequest request)
    {
        var user = request.GetString(ManagementKeys.Username) ?? "";
        var response = ManagementDocument.ResponseOf(request.Document);
        response[ManagementKeys.Username] = user;
        response[ManagementKeys.Password] = user.Length == 0 ? null : _settings.FrontendPassword?.Invoke(user);
        return CommandResult.Ok;
    }
}
