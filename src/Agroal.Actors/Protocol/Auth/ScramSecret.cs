using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Agroal.Actors.Protocol;

/// <summary>
/// What a server keeps of a SCRAM-SHA-256 password, in pg_authid's text form
/// <c>SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt;</c> (base64 parts).
/// Deriving one costs a PBKDF2 run; cache it per user.
/// </summary>
public sealed class ScramSecret
{
    public const string MechanismPrefix = "SCRAM-SHA-256$";
    public const int DefaultIterations = 4096;
    public const int DefaultSaltLength = 16;

    private ScramSecret(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey)
    {
        Iterations = iterations;
        Salt = salt;
        StoredKey = storedKey;
        ServerKey = serverKey;
        ServerFirstTail = string.Create(CultureInfo.InvariantCulture, $",s={Convert.ToBase64String(salt)},i={iterations}");
        StoredKeyHmac = new ScramKeyHmac(storedKey);
        ServerKeyHmac = new ScramKeyHmac(serverKey);
    }

    public int Iterations { get; }

    public byte[] Salt { get; }

    public byte[] StoredKey { get; }

    public byte[] ServerKey { get; }

    /// <summary>What a server-first-message has after its nonce: ",s=SALT,i=ITERATIONS".</summary>
    internal string ServerFirstTail { get; }

    /// <summary>HMAC under <see cref="StoredKey"/>: the ClientSignature of each login.</summary>
    internal ScramKeyHmac StoredKeyHmac { get; }

    /// <summary>HMAC under <see cref="ServerKey"/>: the ServerSignature of each login.</summary>
    internal ScramKeyHmac ServerKeyHmac { get; }

    /// <summary>Derives the secret as PostgreSQL does: SASLprep, PBKDF2-HMAC-SHA-256, then the two keys.</summary>
    public static ScramSecret FromPassword(string password, byte[] salt, int iterations = DefaultIterations)
    {
        var salted = ScramMath.SaltedPassword(password, salt, iterations);
        return new ScramSecret(iterations, salt, ScramMath.StoredKey(ScramMath.ClientKey(salted)), ScramMath.ServerKey(salted));
    }

    /// <summary>A secret with a fresh random salt, for storing a new password.</summary>
    public static ScramSecret Create(string password, int iterations = DefaultIterations) =>
        FromPassword(password, RandomNumberGenerator.GetBytes(DefaultSaltLength), iterations);

    /// <summary>
    /// A stand-in for a user that does not exist, so that the exchange runs to the proof and fails there
    /// like a wrong password: the salt is stable per user name (keyed by <paramref name="serverNonceKey"/>,
    /// a per-process random value), the keys match no password.
    /// </summary>
    public static ScramSecret ForUnknownUser(string user, byte[] serverNonceKey, int iterations = DefaultIterations)
    {
        var digest = HMACSHA256.HashData(serverNonceKey, Encoding.UTF8.GetBytes(user));
        return new ScramSecret(
            iterations,
            digest[..DefaultSaltLength],
            RandomNumberGenerator.GetBytes(ScramMath.KeyLength),
            RandomNumberGenerator.GetBytes(ScramMath.KeyLength));
    }

    public static bool TryParse(string? pgSecret, out ScramSecret? secret)
    {
        secret = null;
        if (pgSecret is null || !pgSecret.StartsWith(MechanismPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = pgSecret.AsSpan(MechanismPrefix.Length);
        var dollar = rest.IndexOf('$');
        if (dollar < 0)
        {
            return false;
        }

        var iterationsAndSalt = rest[..dollar];
        var keys = rest[(dollar + 1)..];
        var colon = iterationsAndSalt.IndexOf(':');
        var keyColon = keys.IndexOf(':');
        if (colon < 0 || keyColon < 0)
        {
            return false;
        }

        if (!int.TryParse(iterationsAndSalt[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations <= 0)
        {
            return false;
        }

        if (!ScramMath.TryDecodeBase64(iterationsAndSalt[(colon + 1)..], out var salt) || salt.Length == 0
            || !ScramMath.TryDecodeBase64(keys[..keyColon], out var storedKey) || storedKey.Length != ScramMath.KeyLength
            || !ScramMath.TryDecodeBase64(keys[(keyColon + 1)..], out var serverKey) || serverKey.Length != ScramMath.KeyLength)
        {
            return false;
        }

        secret = new ScramSecret(iterations, salt, storedKey, serverKey);
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{MechanismPrefix}{Iterations}:{Convert.ToBase64String(Salt)}${Convert.ToBase64String(StoredKey)}:{Convert.ToBase64String(ServerKey)}");
}
