namespace Agroal.Cli.Hosting;

/// <summary>
/// Everything a command touches outside its arguments: streams, environment, and whether a person is
/// typing. The process gets the real ones; tests pass strings, a dictionary and a fake terminal.
/// </summary>
internal sealed class CliConsole
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    /// <summary>True when standard input is a terminal, so prompts make sense.</summary>
    public required bool InputIsTerminal { get; init; }

    public required Func<string, string?> Environment { get; init; }

    /// <summary>Reads one line from the terminal without echoing it (passwords).</summary>
    public required Func<string?> ReadSecretLine { get; init; }

    public static CliConsole FromProcess()
    {
        return new CliConsole
        {
            Out = Console.Out,
            Error = Console.Error,
            In = Console.In,
            InputIsTerminal = !Console.IsInputRedirected,
            Environment = System.Environment.GetEnvironmentVariable,
            ReadSecretLine = TerminalSecret.ReadLine,
        };
    }
}
