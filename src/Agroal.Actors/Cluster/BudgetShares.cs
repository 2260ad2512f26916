using Akka.Cluster;

namespace Agroal.Actors.Cluster;

/// <summary>
/// Shares a cluster-wide budget (max_connections, or a limit's max_size) out among the members, the same way on every
/// node, so no node sits on the per-connection path.
/// <para>The rule, and why the sum of held backends never exceeds the budget:</para>
/// <list type="number">
/// <item>Every member that is not Removed counts, whatever its status (Joining, WeaklyUp, Up, Leaving, Exiting, Down,
/// unreachable): the budget is divided by that count, and the remainder goes one each to the first members in address
/// order.</item>
/// <item>Only Up members get their part. A Joining/WeaklyUp member's part is held back; a Leaving/Exiting/Down member
/// keeps its part counted (it is closing its backends) until it is Removed, so nobody grows before it is gone.
/// Akka removes a downed member only after <c>down-removal-margin</c>, the time the downed side takes to stop.</item>
/// <item>A crashed member holds what its last view gave it, and that view may predate members that came Up after it
/// was downed (a Down member does not hold up convergence). So a member younger than any Leaving/Exiting/Down member
/// gets nothing until that one is Removed: a departure costs the younger members their share for
/// <c>down-removal-margin</c>, never the budget.</item>
/// <item>Joining: the leader moves a member from Joining to Up only at gossip convergence, that is once every reachable
/// member has seen it Joining and therefore already computes the smaller share; the joiner grows only after that.</item>
/// </list>
/// Why a node never grows when a member is added: the member at position p of n gets the numbers k &lt; budget with
/// k mod n = p, i.e. p, p+n, p+2n, ...; after an addition its position p' is at least p and n grows, so each of its
/// numbers p'+j(n+1) is at least p+jn and it holds no more than before. So a node shrinks when it sees a member come and
/// grows only when one is Removed (by which time that one holds nothing), and the caps of one view sum to the budget.
/// </summary>
public static class BudgetShares
{
    /// <summary>This member's share, or 0 when it is not Up or not among the members.</summary>
    public static int ShareOf(int budget, IReadOnlyList<BudgetMember> members, string self)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        var counted = 0;
        var selfUp = false;
        var selfAge = int.MaxValue;
        var oldestDepartedAge = int.MaxValue;
        foreach (var member in members)
        {
            if (member.Status == MemberStatus.Removed)
            {
                continue;
            }
            counted++;
            if (member.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down)
            {
                oldestDepartedAge = Math.Min(oldestDepartedAge, member.Age);
            }
            if (string.Equals(member.Address, self, StringComparison.Ordinal))
            {
                selfUp = member.Status == MemberStatus.Up;
                selfAge = member.Age;
            }
        }
        if (!selfUp || selfAge > oldestDepartedAge)
        {
            return 0;
        }
        // Position in address order among the counted members, so every node hands the remainder to the same ones.
        var position = 0;
        foreach (var member in members)
        {
            if (member.Status != MemberStatus.Removed && string.CompareOrdinal(member.Address, self) < 0)
            {
                position++;
            }
        }
        var baseShare = budget / counted;
        return baseShare + (position < budget % counted ? 1 : 0);
    }

    /// <summary>Every member's share in one view, by address; for the CLI and the tests.</summary>
    public static IReadOnlyDictionary<string, int> All(int budget, IReadOnlyList<BudgetMember> members)
    {
        var shares = new Dictionary<string, int>(members.Count, StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (member.Status != MemberStatus.Removed)
            {
                shares[member.Address] = ShareOf(budget, members, member.Address);
            }
        }
        return shares;
    }
}
