using Agroal.Cli.Hosting;

namespace Agroal.Tests.Cli;

/// <summary>
/// Runs agroal-cli in-process through its entry method with a chosen HOME, environment and input,
/// and captures what it prints.
/// </summary>
internal sealed class CliRun
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private readonly Queue<string?> _secretLines = new();
    private TextReader? _input;
    private bool _terminal;
    private bool _terminalOutput;

    internal CliRun(string? home)
    {
        if (home is not null)
        {
            _environment["HOME"] = home;
        }
    }

    internal int ExitCode { get; private set; }

    internal string Out { get; private set; } = string.Empty;

    internal string Error { get; private set; } = string.Empty;

    internal CliRun WithEnvironment(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    /// <summary>Standard input is a pipe holding <paramref name="text"/>.</summary>
    internal CliRun WithPipedInput(string text)
    {
        _input = new StringReader(text);
        _terminal = false;
        return this;
    }

    /// <summary>Standard input is a pipe read from <paramref name="reader"/> (one that makes the typist pause, say).</summary>
    internal CliRun WithPipedInput(TextReader reader)
    {
        _input = reader;
        _terminal = false;
        return this;
    }

    /// <summary>Standard input is a terminal where the person types these hidden lines, in order.</summary>
    internal CliRun WithTerminal(params string[] secretLines)
    {
        _terminal = true;
        foreach (var line in secretLines)
        {
            _secretLines.Enqueue(line);
        }

        return this;
    }

    /// <summary>Standard output is a terminal (ANSI redraws allowed), whatever standard input is.</summary>
    internal CliRun WithTerminalOutput()
    {
        _terminalOutput = true;
        return this;
    }

    internal CliRun Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole
        {
            Out = output,
            Error = error,
            In = _input ?? new StringReader(string.Empty),
            InputIsTerminal = _terminal,
            OutputIsTerminal = _terminalOutput,
            Environment = name => _environment.GetValueOrDefault(name),
            ReadSecretLine = () => _secretLines.Count > 0 ? _secretLines.Dequeue() : null,
        };
        ExitCode = CliApplication.Run(args, console);
        Out = output.ToString();
        Error = error.ToString();
        return this;
    }
}
