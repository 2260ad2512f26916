using System.CommandLine;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Admin;

/// <summary>pgagroal-admin's options. They are recursive, so they may stand before or after the subcommand.</summary>
internal sealed class AdminOptions
{
    internal const string DefaultUsersFile = "/etc/pgagroal/pgagroal_users.conf";

    internal Option<string> File { get; } = new("--file", "-f")
    {
        Description = "Users file to change (default " + DefaultUsersFile + ")",
        HelpName = "FILE",
        Recursive = true,
    };

    internal Option<string> User { get; } = new("--user", "-U")
    {
        Description = "User name",
        HelpName = "USER",
        Recursive = true,
    };

    internal Option<string> Password { get; } = new("--password", "-P")
    {
        Description = "Password (or master key passphrase); PGAGROAL_PASSWORD is used when absent",
        HelpName = "PASSWORD",
        Recursive = true,
    };

    internal Option<bool> Generate { get; } = new("--generate", "-g")
    {
        Description = "Generate a password",
        Recursive = true,
    };

    internal Option<int?> Length { get; } = new("--length", "-l")
    {
        Description = "Length of a generated password (default 64)",
        HelpName = "LENGTH",
        Recursive = true,
    };

    internal Option<OutputFormat> Format { get; } = CliOptions.Format();

    internal void AddTo(Command command)
    {
        command.Add(File);
        command.Add(User);
        command.Add(Password);
        command.Add(Generate);
        command.Add(Length);
        command.Add(Format);
    }

    internal AdminSettings Read(ParseResult result)
    {
        var file = result.GetValue(File);
        return new AdminSettings(
            string.IsNullOrEmpty(file) ? DefaultUsersFile : file,
            result.GetValue(User),
            result.GetValue(Password),
            result.GetValue(Generate),
            result.GetValue(Length),
            result.GetValue(Format));
    }
}
