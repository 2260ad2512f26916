namespace Agroal.Actors.Management.Wire;

/// <summary>The frame's second byte: how the payload is encrypted (pgagroal's MANAGEMENT_ENCRYPTION_*, all AES-GCM).</summary>
public enum ManagementEncryption : byte
{
    None = 0,
    Aes256Gcm = 1,
    Aes192Gcm = 2,
    Aes128Gcm = 3,
}
