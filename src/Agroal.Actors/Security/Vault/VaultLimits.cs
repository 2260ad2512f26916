namespace Agroal.Actors.Security.Vault;

/// <summary>pgagroal's limits on vault files, shared by the pooler and the admin tool.</summary>
public static class VaultLimits
{
    /// <summary>Entries in pgagroal_users.conf, the frontend users file and the superuser file.</summary>
    public const int MaxUsers = 64;

    /// <summary>Entries in pgagroal_admins.conf.</summary>
    public const int MaxAdmins = 8;

    /// <summary>Byte length of a stored password (large enough for cloud IAM tokens).</summary>
    public const int MaxPasswordBytes = 8192;

    /// <summary>Byte length of a user name (pgagroal keeps 128 bytes including the terminator).</summary>
    public const int MaxUsernameBytes = 127;

    /// <summary>Characters in a master-key passphrase.</summary>
    public const int MinPassphraseLength = 8;
}
