using System.CommandLine;
using System.Text;

namespace Agroal.Cli.Management.Shell;

/// <summary>
/// Help inside the shell: the shell's commands and their arguments only. The connection options (-c, -h, -p, ...)
/// were given when the shell started and do not apply to a line typed at its prompt.
/// </summary>
internal static class ShellHelp
{
    public const string Overview = """
        Commands:
          status [details]                             connections and servers; details adds limits and every slot
          watch status [details]                       the same, redrawn every second until a key is pressed
          flush [gracefully|idle|all] [database|all]   close pooled connections
          enable [database|all]                        accept new connections to a database
          disable [database|all]                       refuse new connections to a database
          ping                                         is the pooler running
          shutdown [gracefully|immediate|cancel]       stop the pooler
          switch-to <server>                           make a server the primary
          conf reload|get [key]|set <key> <value>|ls|alias
          clear prometheus | clear server <name>       reset the metrics, or return a failed server to service
          clear                                        clear the screen
          cluster members|leave <address>|down <address>  cluster mode: the members, a graceful leave, or down a member
          history, help [command], exit
        Keys: Tab completes, Up/Down walk the history, Ctrl-A/E start/end, Ctrl-U/K erase before/after the cursor,
        Ctrl-W erase a word, Ctrl-L clear the screen, Ctrl-D on an empty line leaves.

        """;

    private static readonly Dictionary<string, string> ShellOnly = new(StringComparer.Ordinal)
    {
        ["watch"] = "watch status [details]\n  Runs status (or status details) every second, redrawing in place, until a key is pressed.\n",
        ["history"] = "history\n  The lines typed in this session; Up/Down bring them back.\n",
        ["help"] = "help [command]\n  The commands, or what one command does and takes.\n",
        ["exit"] = "exit (or quit, or Ctrl-D)\n  Leave the shell; its exit code is the last command's.\n",
        ["quit"] = "quit (or exit, or Ctrl-D)\n  Leave the shell; its exit code is the last command's.\n",
    };

    /// <summary>What <paramref name="name"/> does and takes, or null when the shell has no such command.</summary>
    public static string? Describe(RootCommand root, string name)
    {
        if (ShellOnly.TryGetValue(name, out var text))
        {
            return text;
        }
        if (!ShellCompleter.Commands.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }
        var command = root.Subcommands.FirstOrDefault(c => c.Name == name);
        if (command is null)
        {
            return null;
        }
        var help = new StringBuilder();
        Append(help, command, name);
        if (name == "clear")
        {
            help.AppendLine("  clear alone clears the screen.");
        }
        return help.ToString();
    }

    private static void Append(StringBuilder help, Command command, string path)
    {
        var usage = new StringBuilder(path);
        foreach (var argument in command.Arguments)
        {
            usage.Append(argument.Arity.MinimumNumberOfValues == 0 ? $" [{argument.Name}]" : $" <{argument.Name}>");
        }
        help.AppendLine(command.Subcommands.Count > 0 ? $"{path} <{string.Join('|', command.Subcommands.Select(c => c.Name))}>" : usage.ToString());
        help.AppendLine($"  {command.Description}");
        foreach (var argument in command.Arguments)
        {
            help.AppendLine($"  {argument.Name,-10} {argument.Description}");
        }
        foreach (var subcommand in command.Subcommands)
        {
            Append(help, subcommand, $"{path} {subcommand.Name}");
        }
    }
}
