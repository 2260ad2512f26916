namespace Agroal.Actors.Configuration;

/// <summary>The lines of pgagroal_hba.conf in file order (first match wins).</summary>
public sealed record HbaTable(IReadOnlyList<HbaEntry> Entries)
{
    public static HbaTable Empty { get; } = new([]);
}
