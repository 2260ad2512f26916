namespace Agroal.Actors.Cluster;

/// <summary>
/// This node's share of the cluster's budgets, sent to the pool whenever membership changes it: the cap on backends
/// for max_connections and, by rule index, for each limit's max_size.
/// </summary>
/// <param name="RuleBudgets">The limits' max_size values the rule shares were computed from: the pool uses the rule
/// shares only while they match its limits (a reload may have changed them; see <see cref="ConnectionBudgetTotals"/>).</param>
public sealed record ConnectionBudgetCap(int MaxConnections, IReadOnlyList<int> RuleMaxSizes, IReadOnlyList<int> RuleBudgets);
