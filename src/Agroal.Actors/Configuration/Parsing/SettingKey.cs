namespace Agroal.Actors.Configuration.Parsing;

/// <summary>
/// One configuration key of a settings record: how to parse it, where it lives, how to print it and whether
/// a change applies live. The same definition serves the loader, <c>conf set</c>, <c>conf get</c> and the diff.
/// </summary>
internal abstract class SettingKey<TSettings>(string name, ReloadEffect reload, bool isPathLike)
{
    public string Name { get; } = name;

    public ReloadEffect Reload { get; } = reload;

    /// <summary>Path-like values are taken verbatim (no quote or comment handling) and get <c>$VAR</c> expansion.</summary>
    public bool IsPathLike { get; } = isPathLike;

    /// <summary>Parses <paramref name="text"/> into a copy of <paramref name="current"/>; on failure the error reads <c>key: "text" reason</c>.</summary>
    public abstract bool TryApply(TSettings current, string text, SettingContext context, out TSettings updated, out string error);

    /// <summary>The current value in config syntax.</summary>
    public abstract string Format(TSettings settings);
}
