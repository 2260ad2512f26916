using System.Collections.Concurrent;
using System.Security.Cryptography;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Management.Remote;

/// <summary>The decrypted pgagroal_admins.conf: who may use the remote management port, with SCRAM secrets derived once.</summary>
public sealed class AdminCredentials
{
    private readonly IReadOnlyDictionary<string, string> _passwords;
    private readonly ConcurrentDictionary<string, ScramSecret> _secrets = new(StringComparer.Ordinal);
    private readonly byte[] _unknownUserKey = RandomNumberGenerator.GetBytes(32);

    public AdminCredentials(IReadOnlyDictionary<string, string> passwords) => _passwords = passwords;

    public static AdminCredentials None { get; } = new(new Dictionary<string, string>());

    public int Count => _passwords.Count;

    public bool IsAdmin(string user) => _passwords.ContainsKey(user);

    /// <summary>
    /// The secret to run SCRAM with. An unknown user gets a stable fake one, so the exchange looks the same and
    /// fails at the proof: nobody learns which admin names exist.
    /// </summary>
    public ScramSecret SecretFor(string user)
    {
        if (!_passwords.TryGetValue(user, out var password))
        {
            return ScramSecret.ForUnknownUser(user, _unknownUserKey);
        }
        return _secrets.GetOrAdd(user, static (_, pwd) => ScramSecret.Create(pwd), password);
    }
}
