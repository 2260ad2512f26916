using System.Security.Cryptography;
using System.Text;

namespace Agroal.Actors.Protocol;

/// <summary>The SCRAM-SHA-256 key schedule of RFC 5802 / RFC 7677.</summary>
internal static class ScramMath
{
    public const int KeyLength = 32;

    /// <summary>PostgreSQL's raw nonce length before base64.</summary>
    public const int RawNonceLength = 18;

    public static byte[] SaltedPassword(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(SaslPrep.Normalize(password)), salt, iterations, HashAlgorithmName.SHA256, KeyLength);

    public static byte[] ClientKey(byte[] saltedPassword) => HMACSHA256.HashData(saltedPassword, "Client Key"u8);

    public static byte[] ServerKey(byte[] saltedPassword) => HMACSHA256.HashData(saltedPassword, "Server Key"u8);

    public static byte[] StoredKey(byte[] clientKey) => SHA256.HashData(clientKey);

    public static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    public static byte[] Xor(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[left.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)(left[i] ^ right[i]);
        }

        return result;
    }

    /// <summary>The base64 length of a <see cref="RawNonceLength"/>-byte nonce (no padding: 18 is a multiple of 3).</summary>
    public const int NonceLength = RawNonceLength / 3 * 4;

    public static string NewNonce()
    {
        Span<char> nonce = stackalloc char[NonceLength];
        NewNonce(nonce);
        return new string(nonce);
    }

    /// <summary>Writes a fresh nonce of <see cref="NonceLength"/> characters.</summary>
    public static void NewNonce(Span<char> destination)
    {
        Span<byte> raw = stackalloc byte[RawNonceLength];
        Security.BufferedRandom.Fill(raw);
        Convert.TryToBase64Chars(raw, destination, out _);
    }

    /// <summary>RFC 5802 nonce characters: printable ASCII except ','.</summary>
    public static bool IsValidNonce(ReadOnlySpan<char> nonce)
    {
        if (nonce.IsEmpty)
        {
            return false;
        }

        foreach (var c in nonce)
        {
            if (c < 0x21 || c > 0x7E || c == ',')
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryDecodeBase64(ReadOnlySpan<char> text, out byte[] bytes)
    {
        var buffer = new byte[(text.Length / 4 * 3) + 3];
        if (Convert.TryFromBase64Chars(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
