using System.Threading.Channels;
using Agroal.Actors.Cluster;
using Akka.Actor;

namespace Agroal.Tests.Cluster;

/// <summary>Two cluster members in one process: the share of each budget follows join, Up and leave.</summary>
public sealed class ConnectionBudgetActorTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private ActorSystem _first = null!;
    private ActorSystem _second = null!;

    public Task InitializeAsync()
    {
        _first = LoopbackClusterSystems.Start();
        _second = LoopbackClusterSystems.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _second.Terminate();
        await _first.Terminate();
    }

    [Fact]
    public async Task Share_shrinks_when_a_member_joins_and_grows_back_only_once_it_is_removed()
    {
        var firstCaps = Channel.CreateUnbounded<ConnectionBudgetCap>();
        var secondCaps = Channel.CreateUnbounded<ConnectionBudgetCap>();
        var firstCluster = Akka.Cluster.Cluster.Get(_first);
        firstCluster.Join(firstCluster.SelfAddress);
        _first.ActorOf(ConnectionBudgetActor.Props(_first.ActorOf(CapRecorder.Props(firstCaps.Writer)), 11, [5]));
        await WaitForAsync(firstCaps.Reader, cap => cap.MaxConnections == 11 && cap.RuleMaxSizes[0] == 5);

        var secondCluster = Akka.Cluster.Cluster.Get(_second);
        secondCluster.Join(firstCluster.SelfAddress);
        _second.ActorOf(ConnectionBudgetActor.Props(_second.ActorOf(CapRecorder.Props(secondCaps.Writer)), 11, [5]));
        // The first member shrinks to its part of 11 over two before the second holds anything.
        var firstIsOlderByAddress = string.CompareOrdinal(firstCluster.SelfAddress.ToString(), secondCluster.SelfAddress.ToString()) < 0;
        var (firstShare, secondShare) = firstIsOlderByAddress ? (6, 5) : (5, 6);
        var (firstRule, secondRule) = firstIsOlderByAddress ? (3, 2) : (2, 3);
        await WaitForAsync(firstCaps.Reader, cap => cap.MaxConnections == firstShare && cap.RuleMaxSizes[0] == firstRule);
        await WaitForAsync(secondCaps.Reader, cap => cap.MaxConnections == secondShare && cap.RuleMaxSizes[0] == secondRule);

        await secondCluster.LeaveAsync();
        await WaitForAsync(firstCaps.Reader, cap => cap.MaxConnections == 11 && cap.RuleMaxSizes[0] == 5);
    }

    [Fact]
    public async Task New_totals_after_a_reload_are_shared_out_and_the_cap_names_them()
    {
        var caps = Channel.CreateUnbounded<ConnectionBudgetCap>();
        var cluster = Akka.Cluster.Cluster.Get(_first);
        cluster.Join(cluster.SelfAddress);
        var budget = _first.ActorOf(ConnectionBudgetActor.Props(_first.ActorOf(CapRecorder.Props(caps.Writer)), 11, [5]));
        await WaitForAsync(caps.Reader, cap => cap.MaxConnections == 11 && cap.RuleMaxSizes[0] == 5 && cap.RuleBudgets[0] == 5);

        // As the pool asks after a reload changed the limits file: two rules now.
        budget.Tell(new ConnectionBudgetTotals(11, [7, 3]));
        await WaitForAsync(caps.Reader, cap => cap.MaxConnections == 11 && cap.RuleMaxSizes.SequenceEqual(new[] { 7, 3 }) && cap.RuleBudgets.SequenceEqual(new[] { 7, 3 }));
    }

    [Fact]
    public async Task The_published_shares_name_each_rule_database_slash_user_and_follow_the_names_a_reload_brings()
    {
        var views = Channel.CreateUnbounded<BudgetShareView>();
        var cluster = Akka.Cluster.Cluster.Get(_first);
        cluster.Join(cluster.SelfAddress);
        var budget = _first.ActorOf(ConnectionBudgetActor.Props(_first.ActorOf(CapRecorder.Props(Channel.CreateUnbounded<ConnectionBudgetCap>().Writer)), 11, [5],
            view => views.Writer.TryWrite(view), ["shop/alice"]));
        await WaitForAsync(views.Reader, view => view.MaxConnections == 11 && view.MaxConnectionsShare == 11 &&
            view.Rules.SequenceEqual(new[] { new RuleBudgetShare("shop/alice", 5, 5) }));

        budget.Tell(new ConnectionBudgetTotals(11, [5, 2], ["crm/all", "all/all"]));
        await WaitForAsync(views.Reader, view => view.Rules.SequenceEqual(new[] { new RuleBudgetShare("crm/all", 5, 5), new RuleBudgetShare("all/all", 2, 2) }));
    }

    /// <summary>Reads caps (or views) until one matches.</summary>
    private static async Task WaitForAsync<T>(ChannelReader<T> caps, Func<T, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var cap = await caps.ReadAsync(timeout.Token);
            if (wanted(cap))
            {
                return;
            }
        }
    }
}
