using Agroal.Cli.Hosting;

namespace Agroal.Cli;

/// <summary>Entry point of the <c>agroal-cli</c> executable.</summary>
public static class Program
{
    public static int Main(string[] args) => CliApplication.Run(args, CliConsole.FromProcess());
}
