using Agroal.Actors.Security.Vault;

namespace Agroal.Tests.Security.Vault;

/// <summary>
/// One 2.1-format master key for the whole test run: deriving it costs 600 000 PBKDF2 rounds,
/// so tests share it (and the key cache makes later loads of the same file free).
/// </summary>
public sealed class VaultFixture : IDisposable
{
    public const string Passphrase = "fixture-master-passphrase";

    public VaultFixture()
    {
        Home = Directory.CreateTempSubdirectory("agroal-vault-home-").FullName;
        UnixMode.Set(Home, "0700");
        KeyPath = Path.Combine(Home, ".pgagroal", "master.key");
        var created = MasterKey.Create(KeyPath, Passphrase, overwrite: false);
        Assert.True(created.Ok, created.Error);
        Key = created.Value!;
    }

    public string Home { get; }

    public string KeyPath { get; }

    public MasterKey Key { get; }

    /// <summary>A fresh directory for one test's files; removed with the fixture.</summary>
    public string NewDirectory()
    {
        var directory = Path.Combine(Home, "t-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // Temporary directory; the OS cleans it eventually.
        }
    }
}
