using Akka.Cluster;

namespace Agroal.Actors.Cluster;

/// <summary>A member as the budget sees it: its address (the order every node agrees on), its status and its age.</summary>
/// <param name="Age">How many members became Up before it (0: the oldest); for a member not yet Up, any larger number.</param>
public readonly record struct BudgetMember(string Address, MemberStatus Status, int Age);
