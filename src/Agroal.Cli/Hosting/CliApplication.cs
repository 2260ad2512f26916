using System.CommandLine;

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
        return root.Parse(args).Invoke(invocation);
    }
}
