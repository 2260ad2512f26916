using System.CommandLine;
using System.Globalization;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Management.Shell;

/// <summary>The <c>shell</c> command: resolves the connection once (prompting for a password once), then runs the session.</summary>
internal static class ShellCommand
{
    internal static Command Create(CliConsole console, ManagementOptions options)
    {
        var command = new Command("shell", "Interactive shell: history, Tab completion, help, watch status");
        command.SetAction(result =>
        {
            var invocation = ManagementInvocation.Resolve(result, options, console, out var error, out var exitCode);
            if (invocation is null)
            {
                console.Error.WriteLine($"agroal-cli: {error}");
                return exitCode;
            }
            return new ShellSession(console, ConnectionArguments(result, options, invocation), invocation).Run();
        });
        return command;
    }

    /// <summary>The options every command of the session runs with, the password included once it is known.</summary>
    private static List<string> ConnectionArguments(ParseResult result, ManagementOptions options, ManagementInvocation invocation)
    {
        var arguments = new List<string>();
        if (invocation.Target.IsRemote)
        {
            arguments.AddRange(["-h", invocation.Target.Host!, "-p", invocation.Target.Port.ToString(CultureInfo.InvariantCulture),
                "-U", invocation.Target.User, "-P", invocation.Target.Password]);
        }
        else if (result.GetValue(options.Config) is { } config)
        {
            arguments.AddRange(["-c", config]);
        }
        if (invocation.Format == OutputFormat.Json)
        {
            arguments.AddRange(["-F", "json"]);
        }
        if (invocation.Verbose)
        {
            arguments.Add("-v");
        }
        if (result.GetValue(options.Timeout) is { } timeout)
        {
            arguments.AddRange(["-T", timeout]);
        }
        if (invocation.LogFile is { } logFile)
        {
            arguments.AddRange(["-L", logFile]);
        }
        return arguments;
    }
}
