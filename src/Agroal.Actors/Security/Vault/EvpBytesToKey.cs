using System.Security.Cryptography;

namespace Agroal.Actors.Security.Vault;

/// <summary>
/// OpenSSL's EVP_BytesToKey with SHA-1, no salt and one round, as pgagroal 2.0 and older used to turn the
/// master passphrase into an AES-256-CBC key and IV. The output is a digest chain:
/// D1 = SHA1(passphrase), Dn = SHA1(Dn-1 ‖ passphrase); key ‖ IV are the first bytes of D1 ‖ D2 ‖ ...
/// </summary>
internal static class EvpBytesToKey
{
    internal static (byte[] Key, byte[] Iv) DeriveSha1(ReadOnlySpan<byte> passphrase, int keyLength, int ivLength)
    {
        var output = new byte[keyLength + ivLength];
        var previous = Array.Empty<byte>();
        var filled = 0;
        while (filled < output.Length)
        {
            var input = new byte[previous.Length + passphrase.Length];
            previous.CopyTo(input, 0);
            passphrase.CopyTo(input.AsSpan(previous.Length));
            previous = SHA1.HashData(input);
            var take = Math.Min(previous.Length, output.Length - filled);
            previous.AsSpan(0, take).CopyTo(output.AsSpan(filled));
            filled += take;
            CryptographicOperations.ZeroMemory(input);
        }

        var key = output[..keyLength];
        var iv = output[keyLength..];
        CryptographicOperations.ZeroMemory(output);
        return (key, iv);
    }
}
