using System.Security.Cryptography;
using System.Text;

namespace Agroal.Actors.Protocol;

/// <summary>
/// PostgreSQL's md5 method: the stored hash is "md5" + hex(md5(password + user)); on the wire the client
/// sends "md5" + hex(md5(hex-part-of-stored-hash + salt)).
/// </summary>
public static class Md5Password
{
    public const string Prefix = "md5";
    public const int StoredHashLength = 35;

    /// <summary>The pg_authid form of an md5 password.</summary>
    public static string HashForStorage(string user, string password) =>
        Prefix + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password + user)));

    /// <summary>What a client sends for <paramref name="salt"/>, from the password.</summary>
    public static string Compute(string user, string password, ReadOnlySpan<byte> salt) =>
        ComputeFromStoredHash(HashForStorage(user, password), salt);

    /// <summary>What a client sends for <paramref name="salt"/>, from the stored "md5..." hash alone.</summary>
    public static string ComputeFromStoredHash(string md5UserPasswordHash, ReadOnlySpan<byte> salt)
    {
        var hex = md5UserPasswordHash.StartsWith(Prefix, StringComparison.Ordinal) ? md5UserPasswordHash[Prefix.Length..] : md5UserPasswordHash;
        var input = new byte[hex.Length + salt.Length];
        Encoding.ASCII.GetBytes(hex, input);
        salt.CopyTo(input.AsSpan(hex.Length));
        return Prefix + Convert.ToHexStringLower(MD5.HashData(input));
    }

    public static bool IsStoredHash(string value) =>
        value.Length == StoredHashLength && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Checks a client's answer against a stored md5 hash or a plain password, in constant time.</summary>
    public static bool Verify(string clientResponse, string user, string passwordOrStoredHash, ReadOnlySpan<byte> salt)
    {
        var expected = IsStoredHash(passwordOrStoredHash)
            ? ComputeFromStoredHash(passwordOrStoredHash, salt)
            : Compute(user, passwordOrStoredHash, salt);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientResponse), Encoding.ASCII.GetBytes(expected));
    }
}
