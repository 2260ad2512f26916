using Agroal.Cli.Hosting;

namespace Agroal.Cli.Management.Shell;

/// <summary>
/// Where the shell's lines and "press a key" come from: an interactive line editor on a terminal, plain lines from
/// redirected input (scripts and tests). A line read while watching ends the watch and is not run.
/// </summary>
internal sealed class ShellInput(CliConsole console, ShellCompleter completer, IReadOnlyList<string> history)
{
    private Task<string?>? _pending;

    public bool EndOfInput { get; private set; }

    public string? ReadLine(string prompt)
    {
        console.Out.Write(prompt);
        console.Out.Flush();
        string? line;
        if (_pending is not null)
        {
            line = _pending.GetAwaiter().GetResult();
            _pending = null;
        }
        else if (console.InputIsTerminal)
        {
            line = new LineEditor(console.Out, completer, history, console.ReadKey).ReadLine(prompt);
        }
        else
        {
            line = console.In.ReadLine();
        }
        if (line is null)
        {
            EndOfInput = true;
        }
        else if (!console.InputIsTerminal)
        {
            // Echo what a script typed, so the transcript reads like a session.
            console.Out.WriteLine(line);
        }
        return line;
    }

    /// <summary>Waits up to <paramref name="timeout"/>; true when a key (a line, for redirected input) arrived.</summary>
    public bool WaitForKey(TimeSpan timeout)
    {
        if (console.InputIsTerminal)
        {
            var until = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < until)
            {
                if (Console.KeyAvailable)
                {
                    Console.ReadKey(intercept: true);
                    return true;
                }
                Thread.Sleep(50);
            }
            return false;
        }
        _pending ??= console.In.ReadLineAsync();
        if (!_pending.Wait(timeout))
        {
            return false;
        }
        if (_pending.Result is null)
        {
            EndOfInput = true;
        }
        _pending = null;
        return true;
    }
}
