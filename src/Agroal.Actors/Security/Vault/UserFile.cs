namespace Agroal.Actors.Security.Vault;

/// <summary>
/// pgagroal's users files (pgagroal_users.conf, frontend users, admins, superuser): one
/// <c>username:base64(encrypted password)</c> per line, see <see cref="EntryCipher"/> for the encryption.
/// Reading needs the master key; so does writing, except for deleting a user.
/// </summary>
public static partial class UserFile
{
    /// <summary>Decrypts every entry. Pass <see cref="VaultLimits.MaxAdmins"/> for the admins file.</summary>
    public static VaultResult<IReadOnlyDictionary<string, string>> Load(string path, MasterKey key, int maxEntries = VaultLimits.MaxUsers)
    {
        var document = UsersDocument.Read(path);
        if (!document.Ok)
        {
            return document.Forward<IReadOnlyDictionary<string, string>>();
        }

        var entries = document.Value.Entries;
        if (entries.Count > maxEntries)
        {
            return VaultResult<IReadOnlyDictionary<string, string>>.Failure(
                $"{document.Value.Path} holds {entries.Count} users, more than the limit of {maxEntries}");
        }

        var passwords = new Dictionary<string, string>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var password = Decrypt(document.Value.Path, entry, key);
            if (!password.Ok)
            {
                return password.Forward<IReadOnlyDictionary<string, string>>();
            }

            passwords.Add(entry.Username, password.Value);
        }

        return VaultResult<IReadOnlyDictionary<string, string>>.Success(passwords);
    }

    /// <summary>User names in file order, without decrypting anything.</summary>
    public static VaultResult<IReadOnlyList<string>> ListUsers(string path)
    {
        var document = UsersDocument.Read(path);
        if (!document.Ok)
        {
            return document.Forward<IReadOnlyList<string>>();
        }

        var names = new List<string>(document.Value.Entries.Count);
        foreach (var entry in document.Value.Entries)
        {
            names.Add(entry.Username);
        }

        return VaultResult<IReadOnlyList<string>>.Success(names);
    }

    private static VaultResult<string> Decrypt(string path, UsersEntry entry, MasterKey key)
    {
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(entry.Encoded);
        }
        catch (FormatException)
        {
            return VaultResult<string>.Failure(
                $"{path} line {entry.LineNumber}: the entry for user {entry.Username} is not valid base64");
        }

        var status = key.DecryptEntry(blob, out var plaintext);
        switch (status)
        {
            case EntryOpenStatus.Truncated:
                return VaultResult<string>.Failure(
                    $"{path} line {entry.LineNumber}: the entry for user {entry.Username} is truncated ({blob.Length} bytes)");
            case EntryOpenStatus.AuthenticationFailed:
                return VaultResult<string>.Failure(
                    $"{path} line {entry.LineNumber}: cannot decrypt the entry for user {entry.Username}: wrong master key or tampered entry");
        }

        var password = PasswordText.Decode(plaintext, out var error);
        return password is null
            ? VaultResult<string>.Failure($"{path} line {entry.LineNumber}: the password of user {entry.Username} {error}")
            : VaultResult<string>.Success(password);
    }
}
