using System.Security.Cryptography;
using System.Text;
using Agroal.Actors.Security.Vault;

namespace Agroal.Tests.Security.Vault;

/// <summary>Entry encryption at the byte level, with a random 64-byte master key (no 600 000-round derivation).</summary>
public sealed class EntryCipherTests
{
    private static readonly byte[] MasterKeyBytes = RandomNumberGenerator.GetBytes(MasterKey.DerivedKeyLength);
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("s3cret-pässword");

    [Fact]
    public void Gcm_entry_round_trips()
    {
        var blob = EntryCipher.SealCurrent(MasterKeyBytes, Password);

        var status = EntryCipher.OpenCurrent(MasterKeyBytes, blob, out var plaintext);

        Assert.Equal(EntryOpenStatus.Opened, status);
        Assert.Equal(Password, plaintext);
        Assert.Equal(16 + 12 + Password.Length + 16, blob.Length);
    }

    [Fact]
    public void Each_entry_gets_its_own_salt_and_iv()
    {
        var first = EntryCipher.SealCurrent(MasterKeyBytes, Password);
        var second = EntryCipher.SealCurrent(MasterKeyBytes, Password);

        Assert.NotEqual(first.AsSpan(0, 16).ToArray(), second.AsSpan(0, 16).ToArray());
        Assert.NotEqual(first.AsSpan(16, 12).ToArray(), second.AsSpan(16, 12).ToArray());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Stored_iv_is_the_one_derived_from_the_entry_salt()
    {
        var blob = EntryCipher.SealCurrent(MasterKeyBytes, Password);
        var keyAndIv = Rfc2898DeriveBytes.Pbkdf2(MasterKeyBytes, blob[..16], 1, HashAlgorithmName.SHA256, 44);

        Assert.Equal(keyAndIv[32..], blob[16..28]);
    }

    [Fact]
    public void Another_master_key_fails_authentication()
    {
        var blob = EntryCipher.SealCurrent(MasterKeyBytes, Password);
        var otherKey = RandomNumberGenerator.GetBytes(MasterKey.DerivedKeyLength);

        Assert.Equal(EntryOpenStatus.AuthenticationFailed, EntryCipher.OpenCurrent(otherKey, blob, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(28)]
    [InlineData(43)]
    public void Blob_shorter_than_salt_iv_and_tag_is_truncated(int length)
    {
        var blob = EntryCipher.SealCurrent(MasterKeyBytes, Password)[..length];

        Assert.Equal(EntryOpenStatus.Truncated, EntryCipher.OpenCurrent(MasterKeyBytes, blob, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(30)]
    [InlineData(-1)]
    [InlineData(-16)]
    public void Any_flipped_byte_fails_authentication(int position)
    {
        var blob = EntryCipher.SealCurrent(MasterKeyBytes, Password);
        blob[position < 0 ? blob.Length + position : position] ^= 0x01;

        Assert.Equal(EntryOpenStatus.AuthenticationFailed, EntryCipher.OpenCurrent(MasterKeyBytes, blob, out _));
    }

    [Fact]
    public void Evp_bytes_to_key_matches_openssl()
    {
        // openssl enc -aes-256-cbc -md sha1 -nosalt -pass pass:legacy-master-pass -P
        var (key, iv) = EvpBytesToKey.DeriveSha1(Encoding.UTF8.GetBytes("legacy-master-pass"), 32, 16);

        Assert.Equal("3466BD35732DCBA5C3C2B6C13D3E41C4750E6815BF75CEF4DA68020C54462649", Convert.ToHexString(key));
        Assert.Equal("79F54654312D3DBEAF65CA13EAAC311C", Convert.ToHexString(iv));
    }

    [Fact]
    public void Legacy_cbc_entry_from_openssl_opens()
    {
        // printf 'legacy-secret' | openssl enc -aes-256-cbc -md sha1 -nosalt -pass pass:legacy-master-pass -base64
        var (key, iv) = EvpBytesToKey.DeriveSha1(Encoding.UTF8.GetBytes("legacy-master-pass"), 32, 16);

        var status = EntryCipher.OpenLegacy(key, iv, Convert.FromBase64String("d0Wf2doG5EA8nK6vC7f6+w=="), out var plaintext);

        Assert.Equal(EntryOpenStatus.Opened, status);
        Assert.Equal("legacy-secret", Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void Legacy_cbc_entry_of_partial_blocks_is_truncated()
    {
        var (key, iv) = EvpBytesToKey.DeriveSha1(Encoding.UTF8.GetBytes("legacy-master-pass"), 32, 16);

        var blob = Convert.FromBase64String("d0Wf2doG5EA8nK6vC7f6+w==")[..15];

        Assert.Equal(EntryOpenStatus.Truncated, EntryCipher.OpenLegacy(key, iv, blob, out _));
    }
}
