using System.CommandLine;
using System.CommandLine.Help;
using Agroal.Cli.Admin;
using Agroal.Cli.Management;

namespace Agroal.Cli.Hosting;

/// <summary>
/// The <c>agroal-cli</c> command tree. Each command group is one factory in <see cref="CommandGroups"/>;
/// adding the management commands (status, flush, ping, conf, shell, ...) means adding their factory there.
/// pgagroal-cli's short options are kept free: <c>-h</c> is the host, so help is <c>-?</c>/<c>--help</c>.
/// Options belong to their group (admin declares its own recursive -f/-U/-P/-g/-l/-F; the management options are on
/// the root and on each management command, never recursive from the root), so a group's options never clash with another's; build shared ones such as <c>-F</c> with <see cref="CliOptions"/>.
/// Each group receives the <see cref="CliConsole"/> and must write through it, never to <see cref="Console"/>,
/// so tests can run it in-process via <see cref="CliApplication.Run"/>.
/// </summary>
internal static class CliRootCommand
{
    private static readonly Func<CliConsole, Command>[] CommandGroups =
    [
        AdminCommand.Create,
    ];

    internal static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("Command line tool for Agroal.Actors, a PostgreSQL connection pool compatible with pgagroal");
        ReplaceStandardOptions(root);
        foreach (var group in CommandGroups)
        {
            root.Add(group(console));
        }

        var management = new ManagementOptions();
        management.AddTo(root);
        foreach (var command in ManagementCommands.Create(console, management))
        {
            management.AddToTree(command);
            root.Add(command);
        }

        return root;
    }

    internal static string VersionText()
    {
        var version = typeof(CliRootCommand).Assembly.GetName().Version;
        return version is null ? "agroal-cli" : $"agroal-cli {version.Major}.{version.Minor}.{version.Build}";
    }

    private static void ReplaceStandardOptions(RootCommand root)
    {
        for (var i = root.Options.Count - 1; i >= 0; i--)
        {
            if (root.Options[i] is HelpOption or VersionOption)
            {
                root.Options.RemoveAt(i);
            }
        }

        root.Options.Add(new HelpOption("--help", "-?"));
        root.Options.Add(new VersionOption("--version", "-V") { Action = new PrintVersionAction() });
    }
}
