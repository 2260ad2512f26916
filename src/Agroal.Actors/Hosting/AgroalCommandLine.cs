using System.CommandLine;
using System.Text;

namespace Agroal.Actors.Hosting;

/// <summary>
/// pgagroal's command line (<c>-c -a -l -u -F -A -S -D -d -V -?</c> and their long forms) plus
/// <c>--allow-root</c>. System.CommandLine only tokenises and validates here: help and version are
/// plain flags so that the caller decides what to print, and <c>@file</c> response files are off.
/// </summary>
public static class AgroalCommandLine
{
    public const string ExecutableName = "agroal";

    private static readonly Option<string> Config = PathOption("--config", "-c", "Set the path to the pgagroal.conf file");
    private static readonly Option<string> Hba = PathOption("--hba", "-a", "Set the path to the pgagroal_hba.conf file");
    private static readonly Option<string> Limit = PathOption("--limit", "-l", "Set the path to the pgagroal_databases.conf file");
    private static readonly Option<string> Users = PathOption("--users", "-u", "Set the path to the pgagroal_users.conf file");
    private static readonly Option<string> Frontend = PathOption("--frontend", "-F", "Set the path to the pgagroal_frontend_users.conf file");
    private static readonly Option<string> Admins = PathOption("--admins", "-A", "Set the path to the pgagroal_admins.conf file");
    private static readonly Option<string> Superuser = PathOption("--superuser", "-S", "Set the path to the pgagroal_superuser.conf file");
    private static readonly Option<string> Directory = PathOption("--directory", "-D", "Set the directory holding all configuration files");
    private static readonly Option<string> Hocon = new("--hocon") { Description = "Set the path to a HOCON file over the actor runtime's defaults", HelpName = "HOCON_FILE" };
    private static readonly Option<bool> PrintHocon = Flag("--print-hocon", "Print the actor runtime's effective HOCON configuration and exit");
    private static readonly Option<bool> Daemon = Flag("--daemon", "Run as a daemon", "-d");
    private static readonly Option<bool> AllowRoot = Flag("--allow-root", "Allow running as root (containers)");
    private static readonly Option<bool> Version = Flag("--version", "Display version information", "-V");
    private static readonly Option<bool> Help = Flag("--help", "Display help", "-?", "-h");

    private static readonly Command Root = BuildRoot();

    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        var result = Root.Parse(args, Parsing);
        if (result.Errors.Count > 0)
        {
            return CommandLineResult.UsageError(result.Errors[0].Message);
        }
        return CommandLineResult.Success(new CommandLineOptions
        {
            ConfigPath = result.GetValue(Config),
            HbaPath = result.GetValue(Hba),
            LimitPath = result.GetValue(Limit),
            UsersPath = result.GetValue(Users),
            FrontendUsersPath = result.GetValue(Frontend),
            AdminsPath = result.GetValue(Admins),
            SuperuserPath = result.GetValue(Superuser),
            ConfigDirectory = result.GetValue(Directory),
            HoconPath = result.GetValue(Hocon),
            PrintHocon = result.GetValue(PrintHocon),
            Daemon = result.GetValue(Daemon),
            AllowRoot = result.GetValue(AllowRoot),
            ShowVersion = result.GetValue(Version),
            ShowHelp = result.GetValue(Help),
        });
    }

    /// <summary>Arguments that reproduce <paramref name="options"/>; paths made absolute (used to re-execute as a daemon).</summary>
    public static IReadOnlyList<string> ToArguments(CommandLineOptions options)
    {
        var args = new List<string>();
        void AddPath(Option<string> option, string? value)
        {
            if (value is not null)
            {
                args.Add(option.Name);
                args.Add(Path.GetFullPath(value));
            }
        }
        AddPath(Config, options.ConfigPath);
        AddPath(Hba, options.HbaPath);
        AddPath(Limit, options.LimitPath);
        AddPath(Users, options.UsersPath);
        AddPath(Frontend, options.FrontendUsersPath);
        AddPath(Admins, options.AdminsPath);
        AddPath(Superuser, options.SuperuserPath);
        AddPath(Directory, options.ConfigDirectory);
        AddPath(Hocon, options.HoconPath);
        if (options.PrintHocon)
        {
            args.Add(PrintHocon.Name);
        }
        if (options.Daemon)
        {
            args.Add(Daemon.Name);
        }
        if (options.AllowRoot)
        {
            args.Add(AllowRoot.Name);
        }
        if (options.ShowVersion)
        {
            args.Add(Version.Name);
        }
        if (options.ShowHelp)
        {
            args.Add(Help.Name);
        }
        return args;
    }

    public static string VersionText => $"{ExecutableName} {typeof(AgroalCommandLine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"}";

    /// <summary>The usage text, in pgagroal's layout.</summary>
    public static string Usage
    {
        get
        {
            var text = new StringBuilder();
            text.Append(ExecutableName).Append(" ").Append(VersionText.AsSpan(ExecutableName.Length + 1)).Append('\n');
            text.Append("  High-performance connection pool for PostgreSQL\n\n");
            text.Append("Usage:\n  ").Append(ExecutableName).Append(" [ -c CONFIG_FILE ] [ -a HBA_FILE ] [ -d ]\n\n");
            text.Append("Options:\n");
            foreach (var option in Root.Options)
            {
                var names = string.Join(", ", option.Aliases.OrderBy(alias => alias.Length).Append(option.Name));
                var value = option.ValueType == typeof(bool) ? "" : " " + option.HelpName;
                text.Append("  ").Append((names + value).PadRight(36)).Append(option.Description).Append('\n');
            }
            return text.ToString();
        }
    }

    private static Command BuildRoot()
    {
        var root = new Command(ExecutableName, "High-performance connection pool for PostgreSQL");
        foreach (var option in new Option[] { Config, Hba, Limit, Users, Frontend, Admins, Superuser, Directory, Hocon, PrintHocon, Daemon, AllowRoot, Version, Help })
        {
            root.Options.Add(option);
        }
        return root;
    }

    private static Option<string> PathOption(string name, string alias, string description) =>
        new(name, alias) { Description = description, HelpName = name.TrimStart('-').ToUpperInvariant() };

    private static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };
}
