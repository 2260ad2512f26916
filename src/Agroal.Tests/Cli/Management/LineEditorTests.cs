using Agroal.Cli.Management.Shell;

namespace Agroal.Tests.Cli.Management;

/// <summary>The shell's line editor, fed the keys a person presses.</summary>
public sealed class LineEditorTests
{
    [Theory]
    [InlineData("status^Uping\r", "ping")]
    [InlineData("conf get max_c^Wlog_level\r", "conf get log_level")]
    [InlineData("tatus^As\r", "status")]
    [InlineData("status^A^Edetails\r", "statusdetails")]
    [InlineData("stat^Lus\r", "status")]
    [InlineData("status detail^Ks\r", "status details")]
    public void Readline_keys_edit_the_line(string typed, string expected)
    {
        var output = new StringWriter();
        var editor = new LineEditor(output, new ShellCompleter(static () => ShellCatalog.Empty), [], Keys(typed));

        Assert.Equal(expected, editor.ReadLine("agroal> "));
    }

    [Fact]
    public void Ctrl_L_clears_the_screen_and_Ctrl_D_on_an_empty_line_leaves()
    {
        var output = new StringWriter();
        var editor = new LineEditor(output, new ShellCompleter(static () => ShellCatalog.Empty), [], Keys("^L^D"));

        Assert.Null(editor.ReadLine("agroal> "));
        Assert.Contains(LineEditor.ClearScreen, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_completes_and_Up_brings_back_history()
    {
        var output = new StringWriter();
        var keys = new Queue<ConsoleKeyInfo>();
        foreach (var c in "fl\t")
        {
            keys.Enqueue(Key(c));
        }
        keys.Enqueue(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false));
        keys.Enqueue(new ConsoleKeyInfo('\0', ConsoleKey.UpArrow, false, false, false));
        keys.Enqueue(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false));
        var editor = new LineEditor(output, new ShellCompleter(static () => ShellCatalog.Empty), ["status details"], keys.Dequeue);

        Assert.Equal("flush ", editor.ReadLine("agroal> "));
        Assert.Equal("status details", editor.ReadLine("agroal> "));
    }

    /// <summary>Keys for <paramref name="typed"/>, where ^X is Ctrl-X as a terminal reports it.</summary>
    private static Func<ConsoleKeyInfo> Keys(string typed)
    {
        var keys = new Queue<ConsoleKeyInfo>();
        for (var i = 0; i < typed.Length; i++)
        {
            if (typed[i] == '^' && i + 1 < typed.Length)
            {
                var letter = typed[++i];
                keys.Enqueue(new ConsoleKeyInfo((char)(letter - 'A' + 1), ConsoleKey.A + (letter - 'A'), false, false, true));
            }
            else
            {
                keys.Enqueue(Key(typed[i]));
            }
        }
        return keys.Dequeue;
    }

    private static ConsoleKeyInfo Key(char c) => c switch
    {
        '\r' => new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false),
        '\t' => new ConsoleKeyInfo('\t', ConsoleKey.Tab, false, false, false),
        _ => new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false),
    };
}
