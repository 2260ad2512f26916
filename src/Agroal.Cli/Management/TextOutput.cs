using Spectre.Console;

namespace Agroal.Cli.Management;

/// <summary>Plain lines and Spectre tables written to the command's output (no colours, so pipes and tests read text).</summary>
internal sealed class TextOutput
{
    private readonly TextWriter _writer;
    private readonly IAnsiConsole _console;

    public TextOutput(TextWriter writer, bool verbose)
    {
        _writer = writer;
        Verbose = verbose;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        _console.Profile.Width = 200;
    }

    public bool Verbose { get; }

    public void Line(string text) => _writer.WriteLine(text);

    public void Table(string? title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }
        foreach (var row in rows)
        {
            var cells = new Text[row.Count];
            for (var i = 0; i < row.Count; i++)
            {
                cells[i] = new Text(row[i]);
            }
            table.AddRow(cells);
        }
        _console.Write(table);
    }
}
