namespace Agroal.Actors.Configuration;

/// <summary>Process title policy (<c>update_process_title</c>).</summary>
public enum ProcessTitleMode
{
    Never,
    Strict,
    Minimal,
    Verbose,
}
