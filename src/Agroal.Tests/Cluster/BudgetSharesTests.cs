using Agroal.Actors.Cluster;
using Akka.Cluster;

namespace Agroal.Tests.Cluster;

public sealed class BudgetSharesTests
{
    private static BudgetMember Up(string address) => new(address, MemberStatus.Up, 0);

    [Fact]
    public void Remainder_goes_to_the_first_members_in_address_order()
    {
        BudgetMember[] members = [Up("akka.tcp://agroal@127.0.0.1:4553"), Up("akka.tcp://agroal@127.0.0.1:4551"), Up("akka.tcp://agroal@127.0.0.1:4552")];
        var shares = BudgetShares.All(11, members);
        Assert.Equal(4, shares["akka.tcp://agroal@127.0.0.1:4551"]);
        Assert.Equal(4, shares["akka.tcp://agroal@127.0.0.1:4552"]);
        Assert.Equal(3, shares["akka.tcp://agroal@127.0.0.1:4553"]);
    }

    [Fact]
    public void Joining_member_is_counted_but_gets_nothing_until_up()
    {
        BudgetMember[] members = [Up("a"), Up("b"), new("c", MemberStatus.Joining, int.MaxValue)];
        Assert.Equal(4, BudgetShares.ShareOf(12, members, "a"));
        Assert.Equal(4, BudgetShares.ShareOf(12, members, "b"));
        Assert.Equal(0, BudgetShares.ShareOf(12, members, "c"));
    }

    [Theory]
    [InlineData(MemberStatus.Leaving)]
    [InlineData(MemberStatus.Exiting)]
    [InlineData(MemberStatus.Down)]
    public void Departing_member_keeps_its_part_counted_until_removed(MemberStatus status)
    {
        BudgetMember[] departing = [Up("a"), Up("b"), new("c", status, 0)];
        Assert.Equal(4, BudgetShares.ShareOf(12, departing, "a"));
        Assert.Equal(0, BudgetShares.ShareOf(12, departing, "c"));
        BudgetMember[] removed = [Up("a"), Up("b"), new("c", MemberStatus.Removed, 0)];
        Assert.Equal(6, BudgetShares.ShareOf(12, removed, "a"));
    }

    [Fact]
    public void Member_younger_than_a_departing_one_waits_until_it_is_removed()
    {
        BudgetMember[] members = [new("a", MemberStatus.Up, 0), new("b", MemberStatus.Down, 1), new("c", MemberStatus.Up, 2)];
        Assert.Equal(4, BudgetShares.ShareOf(12, members, "a"));
        Assert.Equal(0, BudgetShares.ShareOf(12, members, "c"));
        BudgetMember[] removed = [new("a", MemberStatus.Up, 0), new("b", MemberStatus.Removed, 1), new("c", MemberStatus.Up, 2)];
        Assert.Equal(6, BudgetShares.ShareOf(12, removed, "c"));
    }

    [Fact]
    public void Budget_smaller_than_the_members_gives_some_nothing_and_never_more_than_the_budget()
    {
        BudgetMember[] members = [Up("a"), Up("b"), Up("c")];
        Assert.Equal(2, BudgetShares.All(2, members).Values.Sum());
        Assert.Equal(0, BudgetShares.ShareOf(2, members, "c"));
    }

    [Fact]
    public void Unknown_member_gets_nothing() => Assert.Equal(0, BudgetShares.ShareOf(10, [Up("a")], "z"));

    [Fact]
    public void No_member_grows_when_another_is_added()
    {
        for (var budget = 0; budget <= 40; budget++)
        {
            for (var count = 1; count <= 8; count++)
            {
                var members = Enumerable.Range(0, count).Select(i => Up($"n{i * 2:D2}")).ToList();
                for (var insertAt = 0; insertAt <= count; insertAt++)
                {
                    var grown = new List<BudgetMember>(members) { Up($"n{(insertAt * 2) - 1:D2}") };
                    foreach (var member in members)
                    {
                        Assert.True(BudgetShares.ShareOf(budget, grown, member.Address) <= BudgetShares.ShareOf(budget, members, member.Address),
                            $"budget {budget}, {count} members, {member.Address} grew when one was added at {insertAt}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Random join/leave/crash sequences where every node applies the membership log late (each node has seen only a
    /// prefix of it), with Akka's two rules: a joiner goes Up only at convergence (every live node has seen it joining),
    /// and a departed member is Removed only once it holds nothing. What every node holds, each by its own view, never
    /// sums above the budget.
    /// </summary>
    [Fact]
    public void Lagging_views_through_joins_leaves_and_crashes_never_exceed_the_budget()
    {
        var random = new Random(1234);
        for (var run = 0; run < 300; run++)
        {
            var budget = random.Next(1, 50);
            var simulation = new MembershipSimulation(budget);
            simulation.Join("n00");
            simulation.Up("n00");
            for (var step = 0; step < 60; step++)
            {
                simulation.RandomStep(random);
                Assert.True(simulation.Held() <= budget, $"run {run} step {step}: {simulation.Held()} held over a budget of {budget}\n{simulation.Describe()}");
            }
        }
    }

    private sealed class MembershipSimulation(int budget)
    {
        private readonly List<(string Address, MemberStatus Status)> _log = [];
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private readonly HashSet<string> _departed = new(StringComparer.Ordinal);
        private int _next = 1;

        public void Join(string address)
        {
            _log.Add((address, MemberStatus.Joining));
            // The joiner learns the whole state when it joins.
            _seen[address] = _log.Count;
        }

        public void Up(string address) => _log.Add((address, MemberStatus.Up));

        public void RandomStep(Random random)
        {
            var live = Live();
            switch (random.Next(6))
            {
                case 0 when live.Count < 7:
                    Join($"n{_next++:D2}");
                    break;
                case 1:
                    // The leader moves the joiners Up at convergence: every live node has seen the whole log.
                    foreach (var node in live)
                    {
                        _seen[node] = _log.Count;
                    }
                    foreach (var joiner in Statuses(_log.Count).Where(m => m.Value == MemberStatus.Joining).Select(m => m.Key).ToList())
                    {
                        Up(joiner);
                    }
                    break;
                case 2 when live.Count > 1:
                    // A graceful leave or a crash (downed by the resolver): either way it is Removed only once it holds nothing.
                    var leaver = live[random.Next(live.Count)];
                    _log.Add((leaver, random.Next(2) == 0 ? MemberStatus.Leaving : MemberStatus.Down));
                    _departed.Add(leaver);
                    break;
                case 3:
                    foreach (var gone in _departed.ToList())
                    {
                        _log.Add((gone, MemberStatus.Removed));
                        _departed.Remove(gone);
                        _seen.Remove(gone);
                    }
                    break;
                default:
                    // Gossip reaches one node: it catches up part of the way.
                    if (live.Count > 0)
                    {
                        var node = live[random.Next(live.Count)];
                        _seen[node] = random.Next(_seen[node], _log.Count + 1);
                    }
                    break;
            }
        }

        /// <summary>Backends held: every node not yet Removed holds its cap under its own view (a crashed node until it is removed).</summary>
        public int Held()
        {
            var held = 0;
            foreach (var (node, seen) in _seen)
            {
                var view = View(seen);
                held += _departed.Contains(node) ? LastCapBeforeDeparture(node) : BudgetShares.ShareOf(budget, view, node);
            }
            return held;
        }

        public string Describe() => string.Join("\n", _log.Select(e => $"{e.Address} {e.Status}")) + "\nseen: " +
            string.Join(", ", _seen.Select(s => $"{s.Key}@{s.Value} holds {(_departed.Contains(s.Key) ? LastCapBeforeDeparture(s.Key) : BudgetShares.ShareOf(budget, View(s.Value), s.Key))}"));

        /// <summary>A crashed node's backends stay open until PostgreSQL sees its sockets close; count its last cap.</summary>
        private int LastCapBeforeDeparture(string node)
        {
            var seen = _seen[node];
            var view = View(seen);
            return BudgetShares.ShareOf(budget, view, node);
        }

        private List<string> Live() => _seen.Keys.Where(n => !_departed.Contains(n)).OrderBy(n => n, StringComparer.Ordinal).ToList();

        private List<BudgetMember> View(int prefix)
        {
            var ages = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < prefix; i++)
            {
                if (_log[i].Status == MemberStatus.Up)
                {
                    ages[_log[i].Address] = ages.Count;
                }
            }
            return Statuses(prefix).Select(m => new BudgetMember(m.Key, m.Value, ages.GetValueOrDefault(m.Key, int.MaxValue))).ToList();
        }

        private Dictionary<string, MemberStatus> Statuses(int prefix)
        {
            var statuses = new Dictionary<string, MemberStatus>(StringComparer.Ordinal);
            for (var i = 0; i < prefix; i++)
            {
                statuses[_log[i].Address] = _log[i].Status;
            }
            return statuses;
        }
    }
}
