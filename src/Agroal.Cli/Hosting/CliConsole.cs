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

    /// <summary>True when standard output is a terminal, so the shell may redraw in place with ANSI sequences.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Reads one key from the terminal without echo (the shell's line editor).</summary>
    public Func<ConsoleKeyInfo> ReadKey { get; init; } = static () => Console.ReadKey(intercept: true);

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
            OutputIsTerminal = !Console.IsOutputRedirected,
            Environment = System.Environment.GetEnvironmentVariable,
            ReadSecretLine = TerminalSecret.ReadLine,
        };
    }
}
