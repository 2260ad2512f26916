using System.Text;

namespace Agroal.Cli.Management.Shell;

/// <summary>A small terminal line editor: typing, backspace, Tab completion, Up/Down through the history, Ctrl+D to leave.</summary>
internal sealed class LineEditor(TextWriter output, ShellCompleter completer, IReadOnlyList<string> history)
{
    public string? ReadLine(string prompt)
    {
        var buffer = new StringBuilder();
        var historyIndex = history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    output.WriteLine();
                    return buffer.ToString();
                case ConsoleKey.Backspace when buffer.Length > 0:
                    buffer.Length--;
                    output.Write("\b \b");
                    break;
                case ConsoleKey.Tab:
                    Complete(buffer, prompt);
                    break;
                case ConsoleKey.UpArrow when historyIndex > 0:
                    historyIndex--;
                    Replace(buffer, prompt, history[historyIndex]);
                    break;
                case ConsoleKey.DownArrow when historyIndex < history.Count:
                    historyIndex++;
                    Replace(buffer, prompt, historyIndex < history.Count ? history[historyIndex] : "");
                    break;
                default:
                    if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key == ConsoleKey.D && buffer.Length == 0)
                    {
                        output.WriteLine();
                        return null;
                    }
                    if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key == ConsoleKey.C)
                    {
                        output.WriteLine();
                        return "";
                    }
                    if (!char.IsControl(key.KeyChar))
                    {
                        buffer.Append(key.KeyChar);
                        output.Write(key.KeyChar);
                    }
                    break;
            }
        }
    }

    private void Complete(StringBuilder buffer, string prompt)
    {
        var line = buffer.ToString();
        var candidates = completer.Complete(line);
        if (candidates.Count == 0)
        {
            return;
        }
        var start = line.Length;
        while (start > 0 && !char.IsWhiteSpace(line[start - 1]))
        {
            start--;
        }
        var replacement = candidates.Count == 1 ? candidates[0] + " " : ShellCompleter.CommonPrefix(candidates);
        if (candidates.Count > 1 && replacement.Length <= line.Length - start)
        {
            output.WriteLine();
            output.WriteLine(string.Join("  ", candidates));
            output.Write(prompt + line);
            return;
        }
        Replace(buffer, prompt, line[..start] + replacement);
    }

    private void Replace(StringBuilder buffer, string prompt, string text)
    {
        output.Write("\r" + new string(' ', prompt.Length + buffer.Length) + "\r" + prompt + text);
        buffer.Clear().Append(text);
    }
}
