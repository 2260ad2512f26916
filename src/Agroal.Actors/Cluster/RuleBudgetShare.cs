namespace Agroal.Actors.Cluster;

/// <summary>One limits rule's cluster-wide max_size and this node's share of it.</summary>
/// <param name="Rule">The rule as database/user (either may be <c>all</c>).</param>
/// <param name="MaxSize">The rule's max_size: the budget of the whole cluster.</param>
/// <param name="Share">The backends of the rule this node may hold now.</param>
public sealed record RuleBudgetShare(string Rule, int MaxSize, int Share);
