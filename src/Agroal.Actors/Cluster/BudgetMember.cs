using Akka.Cluster;

namespace Agroal.Actors.Cluster;

/// <summary>A member as the budget sees it: its address (the order every node agrees on) and its status.</summary>
public readonly record struct BudgetMember(string Address, MemberStatus Status);
