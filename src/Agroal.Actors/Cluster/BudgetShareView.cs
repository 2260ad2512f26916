namespace Agroal.Actors.Cluster;

/// <summary>
/// This node's share of each cluster-wide budget, as last told to the pool: what <c>cluster members</c> shows next to
/// the members. Replaced whole whenever the membership (or a reload of the limits) changes a share.
/// </summary>
/// <param name="MaxConnections">max_connections: the budget of the whole cluster.</param>
/// <param name="MaxConnectionsShare">The backends this node may hold now.</param>
/// <param name="Rules">Each limits rule's max_size and this node's part of it, in file order.</param>
public sealed record BudgetShareView(int MaxConnections, int MaxConnectionsShare, IReadOnlyList<RuleBudgetShare> Rules);
