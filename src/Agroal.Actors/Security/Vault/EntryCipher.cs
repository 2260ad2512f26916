using System.Security.Cryptography;

namespace Agroal.Actors.Security.Vault;

/// <summary>
/// Encryption of one users-file entry, byte-compatible with pgagroal.
/// <para>
/// pgagroal 2.1+ (AES-256-GCM). The master key is the 64-byte PBKDF2-HMAC-SHA256 of the passphrase
/// over the master-key file's salt, 600 000 rounds (see <see cref="MasterKey"/>). For each entry:
/// <code>
///   salt16        = random
///   key32 ‖ iv12  = PBKDF2-HMAC-SHA256(password = 64-byte master key, salt16, 1 round, 44 bytes)
///   blob          = salt16 ‖ iv12 ‖ AES-256-GCM(key32, iv12, password bytes, no AAD) ‖ tag16
///   line          = username ":" base64(blob)
/// </code>
/// pgagroal stores the IV it derived and, when reading, uses the IV found in the blob rather than
/// deriving it again; so do we. The plaintext is the password's bytes with no terminator.
/// </para>
/// <para>
/// pgagroal 2.0 and older (AES-256-CBC, read only): key32 ‖ iv16 = EVP_BytesToKey(SHA-1, no salt, 1 round,
/// passphrase), the same for every entry; blob = AES-256-CBC with PKCS#7 padding; line = username ":" base64(blob).
/// </para>
/// </summary>
internal static class EntryCipher
{
    internal const int SaltLength = 16;
    internal const int IvLength = 12;
    internal const int TagLength = 16;
    internal const int KeyLength = 32;
    internal const int MinimumBlobLength = SaltLength + IvLength + TagLength;

    internal static byte[] SealCurrent(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> salt = stackalloc byte[SaltLength];
        RandomNumberGenerator.Fill(salt);
        return SealCurrent(masterKey, plaintext, salt);
    }

    /// <summary>Deterministic form for known-answer tests: the entry salt is given.</summary>
    internal static byte[] SealCurrent(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> salt)
    {
        Span<byte> keyAndIv = stackalloc byte[KeyLength + IvLength];
        Rfc2898DeriveBytes.Pbkdf2(masterKey, salt, keyAndIv, 1, HashAlgorithmName.SHA256);
        try
        {
            var blob = new byte[SaltLength + IvLength + plaintext.Length + TagLength];
            salt.CopyTo(blob);
            keyAndIv[KeyLength..].CopyTo(blob.AsSpan(SaltLength));
            using var aes = new AesGcm(keyAndIv[..KeyLength], TagLength);
            aes.Encrypt(
                keyAndIv[KeyLength..],
                plaintext,
                blob.AsSpan(SaltLength + IvLength, plaintext.Length),
                blob.AsSpan(SaltLength + IvLength + plaintext.Length, TagLength));
            return blob;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyAndIv);
        }
    }

    internal static EntryOpenStatus OpenCurrent(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> blob, out byte[] plaintext)
    {
        plaintext = [];
        if (blob.Length < MinimumBlobLength)
        {
            return EntryOpenStatus.Truncated;
        }

        var salt = blob[..SaltLength];
        var iv = blob.Slice(SaltLength, IvLength);
        var ciphertext = blob[(SaltLength + IvLength)..^TagLength];
        var tag = blob[^TagLength..];
        Span<byte> keyAndIv = stackalloc byte[KeyLength + IvLength];
        Rfc2898DeriveBytes.Pbkdf2(masterKey, salt, keyAndIv, 1, HashAlgorithmName.SHA256);
        try
        {
            var output = new byte[ciphertext.Length];
            using var aes = new AesGcm(keyAndIv[..KeyLength], TagLength);
            aes.Decrypt(iv, ciphertext, tag, output);
            plaintext = output;
            return EntryOpenStatus.Opened;
        }
        catch (AuthenticationTagMismatchException)
        {
            return EntryOpenStatus.AuthenticationFailed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyAndIv);
        }
    }

    internal static EntryOpenStatus OpenLegacy(byte[] key, byte[] iv, ReadOnlySpan<byte> blob, out byte[] plaintext)
    {
        plaintext = [];
        if (blob.Length == 0 || blob.Length % 16 != 0)
        {
            return EntryOpenStatus.Truncated;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        try
        {
            plaintext = aes.DecryptCbc(blob, iv, PaddingMode.PKCS7);
            return EntryOpenStatus.Opened;
        }
        catch (CryptographicException)
        {
            // CBC has no tag: a wrong key or a changed byte shows up only as broken padding.
            return EntryOpenStatus.AuthenticationFailed;
        }
    }
}
