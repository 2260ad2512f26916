namespace Agroal.Actors.Configuration;

/// <summary>Off / try / on settings (<c>hugepage</c>, <c>startup_validation</c>).</summary>
public enum TriState
{
    Off,
    Try,
    On,
}
