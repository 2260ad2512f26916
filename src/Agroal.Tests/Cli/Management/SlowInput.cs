namespace Agroal.Tests.Cli.Management;

/// <summary>Piped input from a typist who types <c>first</c>, waits <c>pause</c>, then types <c>rest</c>.</summary>
internal sealed class SlowInput(string first, TimeSpan pause, string rest) : TextReader
{
    private readonly Queue<string> _first = new(Lines(first));
    private readonly Queue<string> _rest = new(Lines(rest));
    private bool _paused;

    public override string? ReadLine()
    {
        if (_first.Count > 0)
        {
            return _first.Dequeue();
        }
        if (!_paused)
        {
            _paused = true;
            Thread.Sleep(pause);
        }
        return _rest.Count > 0 ? _rest.Dequeue() : null;
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');
}
