using Agroal.Actors.Configuration;
using Agroal.Actors.Security.Credentials;
using Agroal.Actors.Security.Vault;

namespace Agroal.Actors.Hosting;

/// <summary>Decrypts the users and frontend-users files named by the configuration with the master key.</summary>
public static class CredentialLoader
{
    public static VaultResult<CredentialStore> Load(ConfigurationPaths paths, Func<string, string?> environment)
    {
        if (paths.UsersFile is null && paths.FrontendUsersFile is null && paths.SuperuserFile is null)
        {
            return VaultResult<CredentialStore>.Success(CredentialStore.Empty);
        }
        var key = MasterKey.LoadDefault(environment);
        if (!key.Ok)
        {
            return VaultResult<CredentialStore>.Failure(key.Error!);
        }
        var users = LoadFile(paths.UsersFile, key.Value!);
        if (!users.Ok)
        {
            return VaultResult<CredentialStore>.Failure(users.Error!);
        }
        var frontend = LoadFile(paths.FrontendUsersFile, key.Value!);
        if (!frontend.Ok)
        {
            return VaultResult<CredentialStore>.Failure(frontend.Error!);
        }
        var superuser = LoadFile(paths.SuperuserFile, key.Value!);
        if (!superuser.Ok)
        {
            return VaultResult<CredentialStore>.Failure(superuser.Error!);
        }
        return VaultResult<CredentialStore>.Success(new CredentialStore(users.Value!, frontend.Value!) { Superuser = FirstEntry(superuser.Value!) });
    }

    /// <summary>pgagroal's superuser file holds one entry.</summary>
    private static Security.AuthQuery.SuperuserCredential? FirstEntry(IReadOnlyDictionary<string, string> entries)
    {
        foreach (var (user, password) in entries)
        {
            return new Security.AuthQuery.SuperuserCredential(user, password);
        }
        return null;
    }

    private static VaultResult<IReadOnlyDictionary<string, string>> LoadFile(string? path, MasterKey key) =>
        path is null
            ? VaultResult<IReadOnlyDictionary<string, string>>.Success(new Dictionary<string, string>())
            : UserFile.Load(path, key);
}
