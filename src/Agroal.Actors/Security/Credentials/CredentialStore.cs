using System.Collections.Concurrent;
using System.Security.Cryptography;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Security.Credentials;

/// <summary>
/// The decrypted users and frontend-users files. SCRAM secrets for client logins are derived once per user and
/// cached, so a login costs a few HMACs instead of 4096 PBKDF2 rounds.
/// </summary>
public sealed class CredentialStore
{
    /// <summary>PostgreSQL's default iteration count: clients spend the same work with us as with the server.</summary>
    public const int ScramIterations = 4096;

    private readonly IReadOnlyDictionary<string, string> _users;
    private readonly IReadOnlyDictionary<string, string> _frontendUsers;
    private readonly ConcurrentDictionary<string, ScramSecret> _scramSecrets = new(StringComparer.Ordinal);

    public CredentialStore(IReadOnlyDictionary<string, string> users, IReadOnlyDictionary<string, string> frontendUsers)
    {
        _users = users;
        _frontendUsers = frontendUsers;
    }

    public static CredentialStore Empty { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    public int UserCount => _users.Count;

    /// <summary>The users of the frontend users file (<c>-F</c>): the ones whose client password differs from the server's.</summary>
    public IEnumerable<string> FrontendUserNames => _frontendUsers.Keys;

    /// <summary>The frontend password of a frontend user; null for anyone else (GET_PASSWORD answers only for those).</summary>
    public string? FrontendUserPassword(string user) => _frontendUsers.TryGetValue(user, out var password) ? password : null;

    /// <summary>
    /// A copy whose frontend users present <paramref name="passwords"/> instead (rotation); users not in the frontend
    /// users file are ignored. The SCRAM secrets derived from the old passwords are not carried over.
    /// </summary>
    public CredentialStore WithFrontendPasswords(IReadOnlyDictionary<string, string> passwords)
    {
        ArgumentNullException.ThrowIfNull(passwords);
        var frontend = new Dictionary<string, string>(_frontendUsers, StringComparer.Ordinal);
        foreach (var (user, password) in passwords)
        {
            if (frontend.ContainsKey(user))
            {
                frontend[user] = password;
            }
        }
        return new CredentialStore(_users, frontend) { Superuser = Superuser };
    }

    /// <summary>The superuser file's entry (<c>-S</c>), which auth_query logs in with; null when there is none.</summary>
    public AuthQuery.SuperuserCredential? Superuser { get; init; }

    /// <summary>The password the pooler logs in to PostgreSQL with (users file).</summary>
    public string? BackendPassword(string user) => _users.TryGetValue(user, out var password) ? password : null;

    /// <summary>The password a client must present: the frontend entry when there is one, else the users entry.</summary>
    public string? FrontendPassword(string user) =>
        _frontendUsers.TryGetValue(user, out var frontend) ? frontend : BackendPassword(user);

    public ScramSecret? FrontendScramSecret(string user)
    {
        var password = FrontendPassword(user);
        if (password is null)
        {
            return null;
        }
        var secret = _scramSecrets.GetOrAdd(user, static (_, pwd) => ScramSecret.FromPassword(pwd, RandomNumberGenerator.GetBytes(16), ScramIterations), password);
        return secret;
    }
}
