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
                default:
                    last = Execute(words);
                    break;
            }
        }
        return last;
    }

    private int Execute(IReadOnlyList<string> words)
    {
        var root = CliRootCommand.Build(_console);
        var arguments = new List<string>(_connectionArguments);
        arguments.AddRange(words);
        var invocation = new InvocationConfiguration { Output = _console.Out, Error = _console.Error, EnableDefaultExceptionHandler = true };
        var exit = root.Parse(arguments).Invoke(invocation);
        _console.Out.Flush();
        return exit;
    }

    private int Help(IReadOnlyList<string> words)
    {
        if (words.Count > 1)
        {
            return Execute([.. words.Skip(1), "--help"]);
        }
        _console.Out.WriteLine("Commands:");
        _console.Out.WriteLine("  flush [gracefully|idle|all] [database|all]   close pooled connections");
        _console.Out.WriteLine("  ping                                         is the pooler running");
        _console.Out.WriteLine("  enable [database|all]                        accept new connections to a database");
        _console.Out.WriteLine("  disable [database|all]                       refuse new connections to a database");
        _console.Out.WriteLine("  shutdown [gracefully|immediate|cancel]       stop the pooler");
        _console.Out.WriteLine("  status [details]                             connections, servers, and every slot");
        _console.Out.WriteLine("  switch-to <server>                           make a server the primary");
        _console.Out.WriteLine("  conf reload|get [key]|set <key> <value>|ls|alias");
        _console.Out.WriteLine("  clear prometheus | clear server <name>");
        _console.Out.WriteLine("  watch status [details]                       refresh every second until a key is pressed");
        _console.Out.WriteLine("  history, help [command], exit");
        return ExitCodes.Ok;
    }

    private int Watch(IReadOnlyList<string> words)
    {
        if (words.Count < 2 || words[1] != "status")
        {
            _console.Error.WriteLine("agroal-cli: watch: use 'watch status' or 'watch status details'");
            return ExitCodes.Connection;
        }
        var command = words.Skip(1).ToList();
        int exit;
        do
        {
            _console.Out.WriteLine($"--- {DateTimeOffset.Now:HH:mm:ss} (press a key to stop) ---");
            exit = Execute(command);
        }
        while (!_input.WaitForKey(WatchInterval));
        return exit;
    }

    private ShellCatalog FetchCatalog()
    {
        var reply = ManagementCommandRunner.Send(_invocation, ManagementDocument.CreateRequest(ManagementCommandId.ConfigGet, ManagementDocument.OutputJson));
        return reply.Document is { } document && ManagementDocument.IsSuccess(document, out _) && document[ManagementKeys.Response] is System.Text.Json.Nodes.JsonObject response
            ? ShellCatalog.FromConfiguration(response)
            : ShellCatalog.Empty;
    }
}
