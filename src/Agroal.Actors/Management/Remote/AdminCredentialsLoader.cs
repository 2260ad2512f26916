using Agroal.Actors.Security.Vault;

namespace Agroal.Actors.Management.Remote;

/// <summary>Opens pgagroal_admins.conf with the master key (at most 8 admins, as in pgagroal).</summary>
public static class AdminCredentialsLoader
{
    public const int MaxAdmins = 8;

    public static VaultResult<AdminCredentials> Load(string? path, Func<string, string?> environment)
    {
        if (path is null)
        {
            return VaultResult<AdminCredentials>.Success(AdminCredentials.None);
        }
        var key = MasterKey.LoadDefault(environment);
        if (!key.Ok)
        {
            return VaultResult<AdminCredentials>.Failure(key.Error!);
        }
        var admins = UserFile.Load(path, key.Value!, MaxAdmins);
        return admins.Ok
            ? VaultResult<AdminCredentials>.Success(new AdminCredentials(admins.Value!))
            : VaultResult<AdminCredentials>.Failure(admins.Error!);
    }
}
