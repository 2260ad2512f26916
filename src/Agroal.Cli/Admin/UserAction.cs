using Agroal.Actors.Security.Vault;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Admin;

/// <summary><c>admin user add|edit|del|ls</c> against one users file.</summary>
internal sealed class UserAction(CliConsole console, AdminSettings settings)
{
    internal int Add() => Store("user add", adding: true);

    internal int Edit() => Store("user edit", adding: false);

    internal int Delete()
    {
        var report = new AdminReport(console, settings.Format, "user del");
        var username = new CredentialSource(console, settings).Username(out var error);
        if (username is null)
        {
            return report.Fail(error!);
        }

        var deleted = UserFile.Delete(settings.UsersFile, username);
        return deleted.Ok
            ? report.Succeed([$"User {username} deleted from {settings.UsersFile}"], json => WriteTarget(json, username))
            : report.Fail(deleted.Error);
    }

    internal int List()
    {
        var report = new AdminReport(console, settings.Format, "user ls");
        var users = UserFile.ListUsers(settings.UsersFile);
        if (!users.Ok)
        {
            return report.Fail(users.Error);
        }

        return report.Succeed(users.Value, json =>
        {
            json.WriteString("File", settings.UsersFile);
            json.WriteStartArray("Users");
            foreach (var name in users.Value)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
        });
    }

    private int Store(string command, bool adding)
    {
        var report = new AdminReport(console, settings.Format, command);
        var key = MasterKey.LoadDefault(console.Environment);
        if (!key.Ok)
        {
            return report.Fail(key.Error);
        }

        var credentials = new CredentialSource(console, settings);
        var username = credentials.Username(out var nameError);
        if (username is null)
        {
            return report.Fail(nameError!);
        }

        var password = credentials.Password("password", 1, verify: true, out var generated, out var passwordError);
        if (password is null)
        {
            return report.Fail(passwordError!);
        }

        var stored = adding
            ? UserFile.Add(settings.UsersFile, key.Value, username, password, MaxEntriesFor(settings.UsersFile))
            : UserFile.Edit(settings.UsersFile, key.Value, username, password);
        if (!stored.Ok)
        {
            return report.Fail(stored.Error);
        }

        var verb = adding ? "added to" : "updated in";
        var lines = generated
            ? new[] { $"Password : {password}", $"User {username} {verb} {settings.UsersFile}" }
            : new[] { $"User {username} {verb} {settings.UsersFile}" };
        return report.Succeed(lines, json =>
        {
            WriteTarget(json, username);
            if (generated)
            {
                json.WriteString("Password", password);
            }
        });
    }

    private void WriteTarget(System.Text.Json.Utf8JsonWriter json, string username)
    {
        json.WriteString("File", settings.UsersFile);
        json.WriteString("User", username);
    }

    /// <summary>pgagroal allows 8 entries in the admins file and 64 in the others.</summary>
    private static int MaxEntriesFor(string path)
    {
        return Path.GetFileName(path).Contains("admins", StringComparison.OrdinalIgnoreCase)
            ? VaultLimits.MaxAdmins
            : VaultLimits.MaxUsers;
    }
}
