namespace Agroal.Actors.Pool;

/// <summary>The pgagroal_databases.conf rule that governs a user/database pair.</summary>
/// <param name="RuleIndex">Position of the rule in the file: backends are counted per rule.</param>
public sealed record PoolLimit(int RuleIndex, int MaxSize, int InitialSize, int MinSize);
