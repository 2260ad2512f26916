using Agroal.Actors.Security.Vault;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Integration.Executable;

/// <summary>
/// A private HOME for an <c>agroal</c> process (its master key under <c>~/.pgagroal</c>, which must be owner-only) and
/// a users vault holding PostgreSQL's user, encrypted with that key (kept for further vaults, such as frontend users).
/// </summary>
public sealed record PoolerHomeVault(string Home, MasterKey Key, string UsersFile)
{
    /// <summary>The environment the process runs with so that it finds this HOME's master key.</summary>
    public Dictionary<string, string> Environment => new() { ["HOME"] = Home };

    public static PoolerHomeVault Create(TempDirectory directory, PostgresServer postgres, string passphrase, string usersFileName)
    {
        var home = directory.Combine("home");
        Directory.CreateDirectory(home);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var key = MasterKey.Create(Path.Combine(home, ".pgagroal", "master.key"), passphrase, overwrite: false);
        Assert.True(key.Ok, key.Error);
        var users = directory.Combine(usersFileName);
        Assert.True(UserFile.Add(users, key.Value!, postgres.User, postgres.Password).Ok);
        return new PoolerHomeVault(home, key.Value!, users);
    }
}
