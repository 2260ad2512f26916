using System.CommandLine;
using Agroal.Actors.Management.Wire;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Management.Shell;

/// <summary>
/// <c>agroal-cli shell</c>: a prompt that runs the same commands as the command line, with the connection options
/// given once, a history, Tab completion, <c>help</c> for each command and <c>watch status</c> (refreshing every
/// second until a key is pressed).
/// </summary>
internal sealed class ShellSession
{
    public const string Prompt = "agroal> ";

    private readonly CliConsole _console;
    private readonly IReadOnlyList<string> _connectionArguments;
    private readonly ManagementInvocation _invocation;
    private readonly List<string> _history = [];
    private readonly ShellInput _input;

    public ShellSession(CliConsole console, IReadOnlyList<string> connectionArguments, ManagementInvocation invocation)
    {
        _console = console;
        _connectionArguments = connectionArguments;
        _invocation = invocation;
        var completer = new ShellCompleter(FetchCatalog);
        _input = new ShellInput(console, completer, _history);
    }

    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int Run()
    {
        _console.Out.WriteLine($"agroal-cli shell on {_invocation.Target}: 'help' lists the commands, 'exit' leaves");
        var last = ExitCodes.Ok;
        while (!_input.EndOfInput)
        {
            var line = _input.ReadLine(Prompt);
            if (line is null)
            {
                break;
            }
            var words = ShellTokenizer.Split(line);
            if (words.Count == 0)
            {
                continue;
            }
            _history.Add(line.Trim());
            switch (words[0])
            {
                case "exit" or "quit":
                    return last;
                case "help":
                    last = Help(words);
                    break;
                case "history":
                    for (var i = 0; i < _history.Count; i++)
                    {
                        _console.Out.WriteLine($"{i + 1,4}  {_history[i]}");
                    }
                    break;
                case "watch":
                    last = Watch(words);
                    break;
                case "shell":
                    _console.Error.WriteLine("agroal-cli: already in the shell");
                    break;
                case "clear" when words.Count == 1:
                    // The clear-screen habit; 'clear prometheus' and 'clear server <name>' are the pooler's commands.
                    _console.Out.Write(LineEditor.ClearScreen);
                    _console.Out.Flush();
                    last = ExitCodes.Ok;
                    break;
                default:
                    last = Execute(words);
                    break;
            }
        }
        return last;
    }

    private int Execute(IReadOnlyList<string> words) => Execute(words, _console.Out);

    /// <summary>Runs one command line; a line that does not parse gets one line of error, never the whole help.</summary>
    private int Execute(IReadOnlyList<string> words, TextWriter output)
    {
        if (!ShellCompleter.Commands.Contains(words[0], StringComparer.Ordinal))
        {
            _console.Error.WriteLine($"agroal-cli: unknown command '{words[0]}'.{DidYouMean(words[0])} Type 'help' for the commands.");
            return ExitCodes.Usage;
        }
        var root = CliRootCommand.Build(_console);
        var arguments = new List<string>(_connectionArguments);
        arguments.AddRange(words);
        var parsed = root.Parse(arguments);
        if (parsed.Errors.Count > 0)
        {
            _console.Error.WriteLine($"agroal-cli: {words[0]}: {parsed.Errors[0].Message} (see 'help {words[0]}')");
            return ExitCodes.Usage;
        }
        var invocation = new InvocationConfiguration { Output = output, Error = _console.Error, EnableDefaultExceptionHandler = true };
        var exit = parsed.Invoke(invocation);
        output.Flush();
        return exit;
    }

    private static string DidYouMean(string typed) =>
        Suggestions.Closest(typed, ShellCompleter.Commands) is { } suggestion ? $" Did you mean {suggestion}?" : "";

    private int Help(IReadOnlyList<string> words)
    {
        if (words.Count > 1)
        {
            var name = words[1];
            if (ShellHelp.Describe(CliRootCommand.Build(_console), name) is not { } text)
            {
                _console.Error.WriteLine($"agroal-cli: help: unknown command '{name}'.{DidYouMean(name)} Type 'help' for the commands.");
                return ExitCodes.Usage;
            }
            _console.Out.Write(text);
            return ExitCodes.Ok;
        }
        _console.Out.Write(ShellHelp.Overview);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// <c>watch status [details]</c>: on a terminal each frame replaces the last one (cursor home, the frame with each
    /// line's tail erased, the rest of the screen erased), so nothing scrolls; into a pipe or file, frames follow each other.
    /// </summary>
    private int Watch(IReadOnlyList<string> words)
    {
        if (words.Count < 2 || words[1] != "status" || words.Count > 3 || (words.Count == 3 && words[2] != "details"))
        {
            _console.Error.WriteLine("agroal-cli: watch: use 'watch status' or 'watch status details'");
            return ExitCodes.Usage;
        }
        var command = words.Skip(1).ToList();
        int exit;
        if (_console.OutputIsTerminal)
        {
            _console.Out.Write(LineEditor.ClearScreen);
        }
        do
        {
            var frame = new StringWriter();
            frame.WriteLine($"{string.Join(' ', command)} at {DateTimeOffset.Now:HH:mm:ss}, every {WatchInterval.TotalSeconds:0.#} s (press a key to stop)");
            exit = Execute(command, frame);
            if (_console.OutputIsTerminal)
            {
                var text = frame.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
                _console.Out.Write("\u001b[H" + text.Replace("\n", "\u001b[K\n", StringComparison.Ordinal) + "\u001b[K\n\u001b[J");
            }
            else
            {
                _console.Out.Write(frame.ToString());
            }
            _console.Out.Flush();
        }
        while (!_input.WaitForKey(WatchInterval));
        return exit;
    }

    private ShellCatalog FetchCatalog()
    {
        var reply = ManagementCommandRunner.Send(_invocation, ManagementDocument.CreateRequest(ManagementCommandId.ConfigGet, ManagementDocument.OutputJson));
        if (reply.Document is not { } document || !ManagementDocument.IsSuccess(document, out _)
            || document[ManagementKeys.Response] is not System.Text.Json.Nodes.JsonObject response)
        {
            return ShellCatalog.Empty;
        }
        var details = ManagementCommandRunner.Send(_invocation, ManagementDocument.CreateRequest(ManagementCommandId.Details, ManagementDocument.OutputJson));
        var detailsResponse = details.Document is { } detailsDocument && ManagementDocument.IsSuccess(detailsDocument, out _)
            ? detailsDocument[ManagementKeys.Response] as System.Text.Json.Nodes.JsonObject
            : null;
        return ShellCatalog.FromConfiguration(response, detailsResponse);
    }
}
