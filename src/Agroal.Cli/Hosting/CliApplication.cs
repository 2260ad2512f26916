using System.CommandLine;
using System.CommandLine.Invocation;
using Agroal.Cli.Management;

namespace Agroal.Cli.Hosting;

/// <summary>Parses and runs one command line; the single entry point for the process and for tests.</summary>
internal static class CliApplication
{
    internal static int Run(string[] args, CliConsole console)
    {
        var root = CliRootCommand.Build(console);
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = true,
        };
        var parsed = root.Parse(args);
        var exit = parsed.Invoke(invocation);
        // System.CommandLine answers a parse error with 1, which pgagroal-cli's table reserves for "no connection".
        return parsed.Action is ParseErrorAction ? ExitCodes.Usage : exit;
    }
}
