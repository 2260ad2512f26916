namespace Agroal.Actors.Cluster;

/// <summary>
/// The pool to the <see cref="ConnectionBudgetActor"/> after a reload changed the limits file: the budgets to share out
/// from now on (max_connections needs a restart and stays).
/// </summary>
/// <param name="RuleNames">Each rule as database/user, by rule index (for <see cref="BudgetShareView"/>); null keeps the names known.</param>
public sealed record ConnectionBudgetTotals(int MaxConnections, IReadOnlyList<int> RuleMaxSizes, IReadOnlyList<string>? RuleNames = null);
