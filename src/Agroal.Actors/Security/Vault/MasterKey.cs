using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Agroal.Actors.Security.Vault;

/// <summary>
/// The key that opens pgagroal's users files, loaded from <c>~/.pgagroal/master.key</c>.
/// For a 2.1+ file the key is PBKDF2-HMAC-SHA256(passphrase, file salt, 600 000 rounds, 64 bytes).
/// That costs a noticeable fraction of a second, so each (passphrase, salt) pair is derived once per
/// process and shared: the pooler opens four users files with one key, and reloads reuse it.
/// A 2.0 file yields the fixed CBC key and IV of <see cref="EvpBytesToKey"/> instead.
/// </summary>
public sealed class MasterKey
{
    public const int Pbkdf2Iterations = 600_000;
    public const int DerivedKeyLength = 64;

    private static readonly ConcurrentDictionary<string, byte[]> DerivedKeys = new(StringComparer.Ordinal);

    // Derived on first use: `admin master-key` never needs it, the pooler pays once per (passphrase, salt).
    private readonly Lazy<byte[]> _derivedKey;
    private readonly byte[] _legacyIv;

    private MasterKey(string path, VaultFormat format, Lazy<byte[]> derivedKey, byte[] legacyIv)
    {
        Path = path;
        Format = format;
        _derivedKey = derivedKey;
        _legacyIv = legacyIv;
    }

    /// <summary>The file this key came from.</summary>
    public string Path { get; }

    public VaultFormat Format { get; }

    /// <summary><c>$HOME/.pgagroal/master.key</c>, or null when HOME is not set.</summary>
    public static string? DefaultPath(Func<string, string?>? env = null)
    {
        var home = (env ?? Environment.GetEnvironmentVariable)("HOME");
        return string.IsNullOrEmpty(home) ? null : System.IO.Path.Combine(home, ".pgagroal", "master.key");
    }

    public static VaultResult<MasterKey> LoadDefault(Func<string, string?>? env = null)
    {
        var path = DefaultPath(env);
        return path is null
            ? VaultResult<MasterKey>.Failure("HOME is not set, so ~/.pgagroal/master.key cannot be found")
            : Load(path);
    }

    public static VaultResult<MasterKey> Load(string path)
    {
        var file = MasterKeyFile.Read(path);
        return file.Ok ? VaultResult<MasterKey>.Success(FromFile(System.IO.Path.GetFullPath(path), file.Value)) : file.Forward<MasterKey>();
    }

    /// <summary>
    /// Writes a new 2.1-format key file with a fresh random salt: the directory is created 0700 when
    /// missing (and must already be private when present), the file is written 0600 in one step.
    /// An existing file is kept unless <paramref name="overwrite"/> is set.
    /// </summary>
    public static VaultResult<MasterKey> Create(string path, string passphrase, bool overwrite)
    {
        if (passphrase.Length < VaultLimits.MinPassphraseLength)
        {
            return VaultResult<MasterKey>.Failure(
                $"the master key passphrase must be at least {VaultLimits.MinPassphraseLength} characters");
        }

        var passphraseBytes = PasswordText.Encode(passphrase, out var encodeError);
        if (passphraseBytes is null)
        {
            return VaultResult<MasterKey>.Failure($"the master key passphrase {encodeError}");
        }

        var fullPath = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(fullPath) ?? "/";
        var prepared = PrepareDirectory(directory);
        if (!prepared.Ok)
        {
            return prepared.Forward<MasterKey>();
        }

        if (File.Exists(fullPath) && !overwrite)
        {
            return VaultResult<MasterKey>.Failure(
                $"master key file {fullPath} already exists; replacing it makes every users file written with it unreadable");
        }

        var salt = RandomNumberGenerator.GetBytes(MasterKeyFile.SaltLength);
        var written = AtomicFile.Write(fullPath, MasterKeyFile.Render(passphraseBytes, salt));
        if (!written.Ok)
        {
            return written.Forward<MasterKey>();
        }

        return VaultResult<MasterKey>.Success(
            new MasterKey(fullPath, VaultFormat.Current, DeriveLazily(passphraseBytes, salt), []));
    }

    /// <summary>
    /// Encrypts any payload the way pgagroal 2.1+ encrypts with its master key (users entries, and
    /// management payloads with AES-256): salt16 ‖ iv12 ‖ ciphertext ‖ tag16.
    /// </summary>
    public VaultResult<byte[]> Seal(ReadOnlySpan<byte> plaintext)
    {
        return Format == VaultFormat.Current
            ? VaultResult<byte[]>.Success(EntryCipher.SealCurrent(_derivedKey.Value, plaintext))
            : VaultResult<byte[]>.Failure($"master key {Path} is in the pgagroal 2.0 format; it is used for reading only");
    }

    /// <summary>Decrypts a payload made by <see cref="Seal"/> (or, with a 2.0 key, a CBC payload).</summary>
    public VaultResult<byte[]> Open(ReadOnlySpan<byte> blob)
    {
        return DecryptEntry(blob, out var plaintext) switch
        {
            EntryOpenStatus.Opened => VaultResult<byte[]>.Success(plaintext),
            EntryOpenStatus.Truncated => VaultResult<byte[]>.Failure($"encrypted payload is truncated ({blob.Length} bytes)"),
            _ => VaultResult<byte[]>.Failure("cannot decrypt the payload: wrong master key or tampered data"),
        };
    }

    /// <summary>Seals one password as the base64 text that follows "username:" in a users file.</summary>
    internal string EncryptEntry(ReadOnlySpan<byte> password)
    {
        if (Format != VaultFormat.Current)
        {
            throw new InvalidOperationException("entries are written only with a pgagroal 2.1+ master key");
        }

        return Convert.ToBase64String(EntryCipher.SealCurrent(_derivedKey.Value, password));
    }

    internal EntryOpenStatus DecryptEntry(ReadOnlySpan<byte> blob, out byte[] password)
    {
        return Format == VaultFormat.Current
            ? EntryCipher.OpenCurrent(_derivedKey.Value, blob, out password)
            : EntryCipher.OpenLegacy(_derivedKey.Value, _legacyIv, blob, out password);
    }

    /// <summary>The 64-byte derived key of a 2.1+ file; exposed to tests for known-answer checks.</summary>
    internal ReadOnlySpan<byte> DerivedKey => _derivedKey.Value;

    private static MasterKey FromFile(string path, MasterKeyFile file)
    {
        if (file.Salt is null)
        {
            var (key, iv) = EvpBytesToKey.DeriveSha1(file.Passphrase, EntryCipher.KeyLength, 16);
            return new MasterKey(path, VaultFormat.Legacy, new Lazy<byte[]>(key), iv);
        }

        return new MasterKey(path, VaultFormat.Current, DeriveLazily(file.Passphrase, file.Salt), []);
    }

    private static Lazy<byte[]> DeriveLazily(byte[] passphrase, byte[] salt)
    {
        return new Lazy<byte[]>(() => DeriveCached(passphrase, salt), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private static byte[] DeriveCached(byte[] passphrase, byte[] salt)
    {
        // The cache key is a digest, so the dictionary never holds a passphrase in clear.
        var identity = new byte[passphrase.Length + salt.Length];
        passphrase.CopyTo(identity, 0);
        salt.CopyTo(identity, passphrase.Length);
        var cacheKey = Convert.ToHexString(SHA256.HashData(identity)) + ":" + Convert.ToHexString(salt);
        CryptographicOperations.ZeroMemory(identity);
        return DerivedKeys.GetOrAdd(
            cacheKey,
            static (_, state) => Rfc2898DeriveBytes.Pbkdf2(
                state.Passphrase, state.Salt, Pbkdf2Iterations, HashAlgorithmName.SHA256, DerivedKeyLength),
            (Passphrase: passphrase, Salt: salt));
    }

    private static VaultResult<bool> PrepareDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            var problem = UnixPermissions.CheckPrivateDirectory(directory);
            return problem is null ? VaultResult<bool>.Success(true) : VaultResult<bool>.Failure($"master key refused: {problem}");
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixPermissions.PrivateDirectory);
                File.SetUnixFileMode(directory, UnixPermissions.PrivateDirectory);
            }

            return VaultResult<bool>.Success(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return VaultResult<bool>.Failure($"cannot create directory {directory}: {e.Message}");
        }
    }

    public override string ToString() => $"MasterKey({Path}, {Format})";
}
