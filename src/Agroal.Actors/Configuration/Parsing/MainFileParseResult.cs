namespace Agroal.Actors.Configuration.Parsing;

/// <summary>What pgagroal.conf held, before cross-checks. <see cref="ServerLines"/> gives each section's header line; <see cref="GivenServerKeys"/> holds <c>section.key</c> for every server key present.</summary>
internal sealed record MainFileParseResult(
    bool FileRead,
    MainSettings Main,
    IReadOnlyList<ServerSettings> Servers,
    IReadOnlyDictionary<string, int> ServerLines,
    int MainSectionLine,
    IReadOnlyDictionary<string, int> MainKeyLines,
    IReadOnlySet<string> GivenServerKeys);
