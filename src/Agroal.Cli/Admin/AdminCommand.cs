using System.CommandLine;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Admin;

/// <summary>
/// <c>agroal-cli admin</c>: pgagroal-admin's commands for the master key and the users files.
/// Unlike pgagroal-admin it runs as root too, because CI prepares vaults as root.
/// </summary>
internal static class AdminCommand
{
    internal static Command Create(CliConsole console)
    {
        var options = new AdminOptions();
        var admin = new Command("admin", "Manage the master key and the users files (pgagroal-admin)");
        options.AddTo(admin);

        var force = new Option<bool>("--force")
        {
            Description = "Replace an existing master key with a different one (users files sealed with the old key stop opening)",
        };
        var masterKey = new Command("master-key", "Create the master key ~/.pgagroal/master.key") { force };
        masterKey.SetAction(result => new MasterKeyAction(console, options.Read(result)).Run(result.GetValue(force)));
        admin.Add(masterKey);

        var user = new Command("user", "Add, edit, delete or list the users of a users file");
        user.Add(UserCommand("add", "Add a user", console, options, static action => action.Add()));
        user.Add(UserCommand("edit", "Change the password of a user", console, options, static action => action.Edit()));
        user.Add(UserCommand("del", "Delete a user", console, options, static action => action.Delete()));
        user.Add(UserCommand("ls", "List the users", console, options, static action => action.List()));
        admin.Add(user);
        return admin;
    }

    private static Command UserCommand(
        string name, string description, CliConsole console, AdminOptions options, Func<UserAction, int> run)
    {
        var command = new Command(name, description);
        command.SetAction(result => run(new UserAction(console, options.Read(result))));
        return command;
    }
}
