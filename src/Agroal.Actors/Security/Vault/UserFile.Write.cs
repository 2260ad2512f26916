namespace Agroal.Actors.Security.Vault;

public static partial class UserFile
{
    /// <summary>Adds a user; creates the file (0600) when it does not exist.</summary>
    public static VaultResult<bool> Add(string path, MasterKey key, string username, string password, int maxEntries = VaultLimits.MaxUsers)
    {
        var fullPath = Path.GetFullPath(path);
        var document = File.Exists(fullPath) ? UsersDocument.Read(fullPath) : VaultResult<UsersDocument>.Success(UsersDocument.Empty(fullPath));
        var checkedInput = CheckWrite(document, key, username, password);
        if (!checkedInput.Ok)
        {
            return checkedInput.Forward<bool>();
        }

        var users = document.Value!;
        if (users.IndexOf(username) >= 0)
        {
            return VaultResult<bool>.Failure($"user {username} already exists in {fullPath}");
        }

        if (users.Entries.Count + 1 > maxEntries)
        {
            return VaultResult<bool>.Failure($"{fullPath} already holds {users.Entries.Count} users, the limit is {maxEntries}");
        }

        users.Append(username, key.EncryptEntry(checkedInput.Value));
        return AtomicFile.Write(fullPath, users.Render());
    }

    /// <summary>Replaces the password of an existing user.</summary>
    public static VaultResult<bool> Edit(string path, MasterKey key, string username, string password)
    {
        var fullPath = Path.GetFullPath(path);
        var document = UsersDocument.Read(fullPath);
        var checkedInput = CheckWrite(document, key, username, password);
        if (!checkedInput.Ok)
        {
            return checkedInput.Forward<bool>();
        }

        var users = document.Value!;
        var index = users.IndexOf(username);
        if (index < 0)
        {
            return VaultResult<bool>.Failure($"user {username} does not exist in {fullPath}");
        }

        users.Replace(index, key.EncryptEntry(checkedInput.Value));
        return AtomicFile.Write(fullPath, users.Render());
    }

    /// <summary>Removes a user; needs no master key.</summary>
    public static VaultResult<bool> Delete(string path, string username)
    {
        var fullPath = Path.GetFullPath(path);
        var document = UsersDocument.Read(fullPath);
        if (!document.Ok)
        {
            return document.Forward<bool>();
        }

        var index = document.Value.IndexOf(username);
        if (index < 0)
        {
            return VaultResult<bool>.Failure($"user {username} does not exist in {fullPath}");
        }

        document.Value.Remove(index);
        return AtomicFile.Write(fullPath, document.Value.Render());
    }

    /// <summary>
    /// Validates a write and returns the password bytes. Every existing entry must open with
    /// <paramref name="key"/>, so a file is never left holding entries sealed by two different keys.
    /// </summary>
    private static VaultResult<byte[]> CheckWrite(VaultResult<UsersDocument> document, MasterKey key, string username, string password)
    {
        if (!document.Ok)
        {
            return document.Forward<byte[]>();
        }

        if (key.Format != VaultFormat.Current)
        {
            return VaultResult<byte[]>.Failure(
                $"master key {key.Path} is in the pgagroal 2.0 format (one line); entries are written only in the 2.1 format: " +
                "create a new master key with `agroal-cli admin master-key` and add the users again");
        }

        var nameProblem = CheckUsername(username);
        if (nameProblem is not null)
        {
            return VaultResult<byte[]>.Failure(nameProblem);
        }

        var bytes = PasswordText.Encode(password, out var passwordProblem);
        if (bytes is null)
        {
            return VaultResult<byte[]>.Failure($"the password for user {username} {passwordProblem}");
        }

        foreach (var entry in document.Value.Entries)
        {
            var existing = Decrypt(document.Value.Path, entry, key);
            if (!existing.Ok)
            {
                return VaultResult<byte[]>.Failure($"{existing.Error}; the file was left unchanged");
            }
        }

        return VaultResult<byte[]>.Success(bytes);
    }

    private static string? CheckUsername(string username)
    {
        if (username.Length == 0)
        {
            return "the user name is empty";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(username) > VaultLimits.MaxUsernameBytes)
        {
            return $"the user name is longer than {VaultLimits.MaxUsernameBytes} bytes";
        }

        if (username[0] is '#' or ';' || username.Trim().Length != username.Length)
        {
            return $"the user name '{username}' must not start with # or ; nor start or end with spaces";
        }

        foreach (var c in username)
        {
            if (c == ':' || char.IsControl(c))
            {
                return $"the user name '{username}' must not contain ':' or control characters";
            }
        }

        return null;
    }
}
