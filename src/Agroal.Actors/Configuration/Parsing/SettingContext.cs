namespace Agroal.Actors.Configuration.Parsing;

/// <summary>What a key needs besides its text: the environment for <c>$VAR</c>, and a place for notes.</summary>
internal sealed class SettingContext(Func<string, string?> environment)
{
    private readonly List<string> _notes = [];

    public Func<string, string?> Environment { get; } = environment;

    /// <summary>Adjustments made while parsing (clamped values), reported as warnings.</summary>
    public IReadOnlyList<string> Notes => _notes;

    public void Note(string message) => _notes.Add(message);

    public void ClearNotes() => _notes.Clear();
}
