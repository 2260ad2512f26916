namespace Agroal.Actors.Cluster;

/// <summary>
/// This node's share of the cluster's budgets, sent to the pool whenever membership changes it: the cap on backends
/// for max_connections and, by rule index, for each limit's max_size.
/// </summary>
public sealed record ConnectionBudgetCap(int MaxConnections, IReadOnlyList<int> RuleMaxSizes);
