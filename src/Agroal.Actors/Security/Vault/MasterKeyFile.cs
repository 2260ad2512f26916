using System.Security.Cryptography;

namespace Agroal.Actors.Security.Vault;

/// <summary>
/// The text of a master key file, without any key derivation. 2.1+ files hold two lines,
/// base64(passphrase) and base64(16-byte salt); 2.0 files hold only the first.
/// </summary>
internal sealed class MasterKeyFile
{
    internal const int SaltLength = 16;

    private MasterKeyFile(byte[] passphrase, byte[]? salt)
    {
        Passphrase = passphrase;
        Salt = salt;
    }

    internal byte[] Passphrase { get; }

    /// <summary>Null for a 2.0 (legacy) file.</summary>
    internal byte[]? Salt { get; }

    internal VaultFormat Format => Salt is null ? VaultFormat.Legacy : VaultFormat.Current;

    internal bool HasPassphrase(ReadOnlySpan<byte> passphrase)
    {
        return CryptographicOperations.FixedTimeEquals(Passphrase, passphrase);
    }

    internal static string Render(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt)
    {
        return Convert.ToBase64String(passphrase) + "\n" + Convert.ToBase64String(salt) + "\n";
    }

    /// <summary>Reads and validates the file, refusing it unless it and its directory are private.</summary>
    internal static VaultResult<MasterKeyFile> Read(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? "/";
        if (!File.Exists(fullPath))
        {
            return VaultResult<MasterKeyFile>.Failure(
                $"master key file {fullPath} does not exist (create it with: agroal-cli admin master-key)");
        }

        var problem = UnixPermissions.CheckPrivateDirectory(directory) ?? UnixPermissions.CheckPrivateFile(fullPath);
        if (problem is not null)
        {
            return VaultResult<MasterKeyFile>.Failure($"master key refused: {problem}");
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return VaultResult<MasterKeyFile>.Failure($"cannot read master key file {fullPath}: {e.Message}");
        }

        var meaningful = new List<string>(2);
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                meaningful.Add(trimmed);
            }
        }

        if (meaningful.Count is 0 or > 2)
        {
            return VaultResult<MasterKeyFile>.Failure(
                $"master key file {fullPath} must hold one line (pgagroal 2.0) or two lines (pgagroal 2.1+), found {meaningful.Count}");
        }

        var passphrase = DecodeBase64(meaningful[0]);
        if (passphrase is null || passphrase.Length == 0)
        {
            return VaultResult<MasterKeyFile>.Failure($"master key file {fullPath}: line 1 is not a base64 passphrase");
        }

        if (meaningful.Count == 1)
        {
            return VaultResult<MasterKeyFile>.Success(new MasterKeyFile(passphrase, null));
        }

        var salt = DecodeBase64(meaningful[1]);
        if (salt is null || salt.Length != SaltLength)
        {
            return VaultResult<MasterKeyFile>.Failure(
                $"master key file {fullPath}: line 2 must be a base64 {SaltLength}-byte salt");
        }

        return VaultResult<MasterKeyFile>.Success(new MasterKeyFile(passphrase, salt));
    }

    private static byte[]? DecodeBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
