using System.Text;

namespace Agroal.Cli.Management.Shell;

/// <summary>
/// A small terminal line editor with the readline keys people type without thinking: Left/Right, Home/End and
/// Ctrl-A/E to move, Backspace/Delete, Ctrl-U (erase to the start), Ctrl-K (erase to the end), Ctrl-W (erase the word
/// before the cursor), Ctrl-L (clear the screen), Tab completion, Up/Down through the history, Ctrl-C (drop the line),
/// Ctrl-D (leave, on an empty line). Every change redraws the whole line, so the screen always matches the buffer.
/// </summary>
internal sealed class LineEditor(TextWriter output, ShellCompleter completer, IReadOnlyList<string> history, Func<ConsoleKeyInfo> readKey)
{
    public const string ClearScreen = "\u001b[H\u001b[2J";

    private readonly StringBuilder _buffer = new();
    private int _cursor;
    private string _prompt = "";

    public string? ReadLine(string prompt)
    {
        _prompt = prompt;
        _buffer.Clear();
        _cursor = 0;
        var historyIndex = history.Count;
        while (true)
        {
            var key = readKey();
            switch (Control(key))
            {
                case 'M' or 'J':
                    output.WriteLine();
                    return _buffer.ToString();
                case 'A':
                    _cursor = 0;
                    break;
                case 'E':
                    _cursor = _buffer.Length;
                    break;
                case 'B':
                    _cursor = Math.Max(0, _cursor - 1);
                    break;
                case 'F':
                    _cursor = Math.Min(_buffer.Length, _cursor + 1);
                    break;
                case 'U':
                    _buffer.Remove(0, _cursor);
                    _cursor = 0;
                    break;
                case 'K':
                    _buffer.Length = _cursor;
                    break;
                case 'W':
                    EraseWordBeforeCursor();
                    break;
                case 'H':
                    if (_cursor > 0)
                    {
                        _buffer.Remove(--_cursor, 1);
                    }
                    break;
                case 'L':
                    output.Write(ClearScreen);
                    break;
                case 'I':
                    Complete();
                    break;
                case 'C':
                    output.WriteLine("^C");
                    return "";
                case 'D':
                    if (_buffer.Length == 0)
                    {
                        output.WriteLine();
                        return null;
                    }
                    if (_cursor < _buffer.Length)
                    {
                        _buffer.Remove(_cursor, 1);
                    }
                    break;
                case 'P':
                    if (historyIndex > 0)
                    {
                        historyIndex--;
                        Set(history[historyIndex]);
                    }
                    break;
                case 'N':
                    if (historyIndex < history.Count)
                    {
                        historyIndex++;
                        Set(historyIndex < history.Count ? history[historyIndex] : "");
                    }
                    break;
                default:
                    if (!char.IsControl(key.KeyChar) && key.KeyChar != '\0')
                    {
                        _buffer.Insert(_cursor++, key.KeyChar);
                    }
                    break;
            }
            Redraw();
        }
    }

    /// <summary>The key as the control letter it means (arrows, Home/End, Enter, Tab, Backspace map to theirs), or '\0'.</summary>
    private static char Control(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Enter: return 'M';
            case ConsoleKey.Tab: return 'I';
            case ConsoleKey.Backspace: return 'H';
            case ConsoleKey.LeftArrow: return 'B';
            case ConsoleKey.RightArrow: return 'F';
            case ConsoleKey.UpArrow: return 'P';
            case ConsoleKey.DownArrow: return 'N';
            case ConsoleKey.Home: return 'A';
            case ConsoleKey.End: return 'E';
            case ConsoleKey.Delete: return 'D';
        }
        if (key.KeyChar is >= '\u0001' and <= '\u001a')
        {
            return (char)('A' + key.KeyChar - 1);
        }
        if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key is >= ConsoleKey.A and <= ConsoleKey.Z)
        {
            return (char)('A' + (key.Key - ConsoleKey.A));
        }
        if (key.KeyChar == '\u007f')
        {
            return 'H';
        }
        return '\0';
    }

    private void EraseWordBeforeCursor()
    {
        var start = _cursor;
        while (start > 0 && char.IsWhiteSpace(_buffer[start - 1]))
        {
            start--;
        }
        while (start > 0 && !char.IsWhiteSpace(_buffer[start - 1]))
        {
            start--;
        }
        _buffer.Remove(start, _cursor - start);
        _cursor = start;
    }

    private void Complete()
    {
        var line = _buffer.ToString(0, _cursor);
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
            return;
        }
        _buffer.Remove(start, _cursor - start).Insert(start, replacement);
        _cursor = start + replacement.Length;
    }

    private void Set(string text)
    {
        _buffer.Clear().Append(text);
        _cursor = text.Length;
    }

    /// <summary>Back to column 0, the prompt and the line, erase what an older, longer line left, cursor into place.</summary>
    private void Redraw()
    {
        output.Write("\r" + _prompt + _buffer + "\u001b[K");
        var back = _buffer.Length - _cursor;
        if (back > 0)
        {
            output.Write($"\u001b[{back}D");
        }
        output.Flush();
    }
}
