using System.Security.Cryptography;
using Agroal.Actors.Security.Vault;

namespace Agroal.Actors.Management.Wire;

/// <summary>
/// The encryption step of a management frame, as pgagroal 2.1+ does it with the master key of the user running it
/// (<c>~/.pgagroal/master.key</c>, the same key that opens the users files):
/// <code>
///   master     = PBKDF2-HMAC-SHA256(passphrase, master-key salt, 600 000 rounds, 64 bytes)   (cached)
///   salt16     = random, per message
///   key ‖ iv12 = PBKDF2-HMAC-SHA256(master, salt16, 1 round, key length + 12)   key: 32, 24 or 16 bytes
///   payload    = salt16 ‖ iv12 ‖ AES-GCM(key, iv12, data, no AAD) ‖ tag16
/// </code>
/// Both ends need the same master key file; a pgagroal 2.0 key (no salt) cannot encrypt management messages.
/// </summary>
public static class PayloadCipher
{
    private const int SaltLength = 16;
    private const int IvLength = 12;
    private const int TagLength = 16;

    public static int KeyLength(ManagementEncryption encryption) => encryption switch
    {
        ManagementEncryption.Aes256Gcm => 32,
        ManagementEncryption.Aes192Gcm => 24,
        ManagementEncryption.Aes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(encryption), encryption, "not an AES-GCM mode"),
    };

    public static bool TrySeal(ManagementEncryption encryption, MasterKey key, ReadOnlySpan<byte> data, out byte[] sealedData, out string error)
    {
        ArgumentNullException.ThrowIfNull(key);
        sealedData = [];
        if (!Usable(encryption, key, out error))
        {
            return false;
        }
        var keyLength = KeyLength(encryption);
        Span<byte> derived = stackalloc byte[32 + IvLength];
        var blob = new byte[SaltLength + IvLength + data.Length + TagLength];
        RandomNumberGenerator.Fill(blob.AsSpan(0, SaltLength));
        Rfc2898DeriveBytes.Pbkdf2(key.DerivedKey, blob.AsSpan(0, SaltLength), derived[..(keyLength + IvLength)], 1, HashAlgorithmName.SHA256);
        try
        {
            var iv = derived.Slice(keyLength, IvLength);
            iv.CopyTo(blob.AsSpan(SaltLength));
            using var aes = new AesGcm(derived[..keyLength], TagLength);
            aes.Encrypt(iv, data, blob.AsSpan(SaltLength + IvLength, data.Length), blob.AsSpan(SaltLength + IvLength + data.Length, TagLength));
            sealedData = blob;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    public static bool TryOpen(ManagementEncryption encryption, MasterKey key, ReadOnlySpan<byte> blob, out byte[] data, out string error)
    {
        ArgumentNullException.ThrowIfNull(key);
        data = [];
        if (!Usable(encryption, key, out error))
        {
            return false;
        }
        if (blob.Length < SaltLength + IvLength + TagLength)
        {
            error = $"the encrypted payload is too short ({blob.Length} bytes)";
            return false;
        }
        var keyLength = KeyLength(encryption);
        Span<byte> derived = stackalloc byte[32 + IvLength];
        // pgagroal uses the IV carried in the message, not the derived one; so do we.
        Rfc2898DeriveBytes.Pbkdf2(key.DerivedKey, blob[..SaltLength], derived[..(keyLength + IvLength)], 1, HashAlgorithmName.SHA256);
        try
        {
            var ciphertext = blob[(SaltLength + IvLength)..^TagLength];
            var output = new byte[ciphertext.Length];
            using var aes = new AesGcm(derived[..keyLength], TagLength);
            aes.Decrypt(blob.Slice(SaltLength, IvLength), ciphertext, blob[^TagLength..], output);
            data = output;
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            error = "the payload cannot be decrypted: the two ends do not share the master key, or it was altered";
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    private static bool Usable(ManagementEncryption encryption, MasterKey key, out string error)
    {
        if (encryption is not (ManagementEncryption.Aes256Gcm or ManagementEncryption.Aes192Gcm or ManagementEncryption.Aes128Gcm))
        {
            error = $"unknown encryption {(byte)encryption}";
            return false;
        }
        if (key.Format != VaultFormat.Current)
        {
            error = $"master key {key.Path} is in the pgagroal 2.0 format, which cannot encrypt management messages";
            return false;
        }
        error = "";
        return true;
    }
}
