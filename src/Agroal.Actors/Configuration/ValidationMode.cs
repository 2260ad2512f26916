namespace Agroal.Actors.Configuration;

/// <summary>When idle backends are validated (<c>validation</c>).</summary>
public enum ValidationMode
{
    Off,
    Foreground,
    Background,
}
