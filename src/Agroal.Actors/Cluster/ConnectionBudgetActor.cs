using Akka.Actor;
using Akka.Cluster;

namespace Agroal.Actors.Cluster;

/// <summary>
/// Follows the cluster's membership on this node and tells the pool this node's share of max_connections and of each
/// limit's max_size whenever it changes (rule in <see cref="BudgetShares"/>). Nothing here is on the per-connection
/// path: the pool enforces the last cap it was told.
/// </summary>
public sealed class ConnectionBudgetActor : ReceiveActor
{
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly IActorRef _pool;
    private int _maxConnections;
    private int[] _ruleMaxSizes;
    private readonly Dictionary<Address, Member> _members = [];
    private readonly Action<BudgetShareView>? _published;
    private IReadOnlyList<string> _ruleNames;
    private ConnectionBudgetCap? _last;
    private BudgetShareView? _lastView;

    /// <param name="published">Told this node's shares whenever they change (cluster members and the metrics read them).</param>
    /// <param name="ruleNames">Each limits rule as database/user, by rule index; rules without a name show as #index.</param>
    public ConnectionBudgetActor(IActorRef pool, int maxConnections, IReadOnlyList<int> ruleMaxSizes, Action<BudgetShareView>? published = null,
        IReadOnlyList<string>? ruleNames = null)
    {
        _published = published;
        _ruleNames = ruleNames ?? [];
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
        _pool = pool;
        _maxConnections = maxConnections;
        _ruleMaxSizes = [.. ruleMaxSizes];
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            _members.Clear();
            foreach (var member in state.Members)
            {
                _members[member.Address] = member;
            }
            Publish();
        });
        Receive<ClusterEvent.IMemberEvent>(change =>
        {
            // Removed members leave the count; every other status keeps its part counted (see BudgetShares).
            if (change.Member.Status == MemberStatus.Removed)
            {
                _members.Remove(change.Member.Address);
            }
            else
            {
                _members[change.Member.Address] = change.Member;
            }
            Publish();
        });
        Receive<ClusterEvent.IReachabilityEvent>(_ => { });
        // A reload changed the limits: share out the new budgets (the pool holds its rules back until it has them).
        Receive<ConnectionBudgetTotals>(totals =>
        {
            _maxConnections = totals.MaxConnections;
            _ruleMaxSizes = [.. totals.RuleMaxSizes];
            _ruleNames = totals.RuleNames ?? _ruleNames;
            Publish();
        });
        Receive<CurrentCapRequest>(_ => Sender.Tell(_last ?? Compute()));
    }

    /// <summary>Asks for the cap last sent to the pool (for the CLI, metrics and tests).</summary>
    public sealed record CurrentCapRequest;

    public static Props Props(IActorRef pool, int maxConnections, IReadOnlyList<int> ruleMaxSizes, Action<BudgetShareView>? published = null,
        IReadOnlyList<string>? ruleNames = null) =>
        Akka.Actor.Props.Create(() => new ConnectionBudgetActor(pool, maxConnections, ruleMaxSizes, published, ruleNames));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Publish()
    {
        var cap = Compute();
        if (_last is null || _last.MaxConnections != cap.MaxConnections || !_last.RuleMaxSizes.SequenceEqual(cap.RuleMaxSizes) ||
            !_last.RuleBudgets.SequenceEqual(cap.RuleBudgets))
        {
            _last = cap;
            _pool.Tell(cap);
        }
        var view = ViewOf(cap);
        if (_lastView is null || _lastView.MaxConnections != view.MaxConnections || _lastView.MaxConnectionsShare != view.MaxConnectionsShare ||
            !_lastView.Rules.SequenceEqual(view.Rules))
        {
            _lastView = view;
            _published?.Invoke(view);
        }
    }

    private BudgetShareView ViewOf(ConnectionBudgetCap cap)
    {
        var rules = new RuleBudgetShare[cap.RuleMaxSizes.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            var name = i < _ruleNames.Count ? _ruleNames[i] : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"#{i}");
            rules[i] = new RuleBudgetShare(name, cap.RuleBudgets[i], cap.RuleMaxSizes[i]);
        }
        return new BudgetShareView(_maxConnections, cap.MaxConnections, rules);
    }

    /// <summary>How many members are older; a member not yet Up is younger than all (Akka gives it no age yet).</summary>
    private int AgeOf(Member member)
    {
        if (member.Status is MemberStatus.Joining or MemberStatus.WeaklyUp)
        {
            return int.MaxValue;
        }
        var older = 0;
        foreach (var other in _members.Values)
        {
            if (other.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp) && !other.Address.Equals(member.Address) && other.IsOlderThan(member))
            {
                older++;
            }
        }
        return older;
    }

    private ConnectionBudgetCap Compute()
    {
        var members = new List<BudgetMember>(_members.Count);
        foreach (var member in _members.Values)
        {
            members.Add(new BudgetMember(member.Address.ToString(), member.Status, AgeOf(member)));
        }
        var self = _cluster.SelfAddress.ToString();
        var rules = new int[_ruleMaxSizes.Length];
        for (var i = 0; i < rules.Length; i++)
        {
            rules[i] = BudgetShares.ShareOf(_ruleMaxSizes[i], members, self);
        }
        return new ConnectionBudgetCap(BudgetShares.ShareOf(_maxConnections, members, self), rules, _ruleMaxSizes);
    }
}
