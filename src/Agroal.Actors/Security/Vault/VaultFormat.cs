namespace Agroal.Actors.Security.Vault;

/// <summary>Which pgagroal generation wrote a master key file, and so how its users files are encrypted.</summary>
public enum VaultFormat
{
    /// <summary>pgagroal 2.0 and older: one-line key file, AES-256-CBC entries keyed by EVP_BytesToKey. Read only.</summary>
    Legacy,

    /// <summary>pgagroal 2.1 and newer: passphrase and salt lines, PBKDF2-SHA256 and AES-256-GCM entries.</summary>
    Current,
}
