using System.CommandLine;
using System.CommandLine.Invocation;

namespace Agroal.Cli.Hosting;

/// <summary>Prints "agroal-cli X.Y.Z" the way pgagroal-cli -V does, without the build metadata suffix.</summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(CliRootCommand.VersionText());
        return 0;
    }
}
