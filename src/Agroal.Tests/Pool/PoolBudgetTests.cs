using Agroal.Actors.Cluster;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Pool;

/// <summary>
/// The pool under a cluster share (<see cref="ConnectionBudgetCap"/>), against a real PostgreSQL: it opens nothing
/// before its first share and no more than the share, closes idle backends above a lowered share at once and leased
/// ones as they come back, and after a reload of the limits holds a rule back until that rule's new share arrives.
/// The probe plays both the clients and the budget actor.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PoolBudgetTests(PostgresFixture fixture)
{
    private static readonly PoolLimit Rule = new(0, 4, 0, 0);

    [Fact]
    public async Task Nothing_opens_before_the_first_share_and_a_client_beyond_the_share_is_served_when_it_grows()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { ClusterBudget = true });
        kit.SendAcquire();
        var status = kit.StatusWhen(s => s.Waiting == 1, "the client queued before any share");
        Assert.Equal(0, status.Total);

        kit.Probe.Send(kit.Pool, new ConnectionBudgetCap(2, [], []));
        var first = kit.Probe.ExpectMsg<PoolProtocol.Leased>(PoolKit.Reply);
        var second = kit.Acquire();
        kit.SendAcquire();
        status = kit.StatusWhen(s => s.Waiting == 1, "the third client queued");
        Assert.Equal(2, status.Total);

        kit.Probe.Send(kit.Pool, new ConnectionBudgetCap(3, [], []));
        var third = kit.Probe.ExpectMsg<PoolProtocol.Leased>(PoolKit.Reply);
        Assert.Equal(3, kit.Status().Total);
        kit.Release(first);
        kit.Release(second);
        kit.Release(third);
    }

    [Fact]
    public async Task A_lowered_share_closes_idle_backends_at_once_and_leased_ones_on_return()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { ClusterBudget = true });
        kit.Probe.Send(kit.Pool, new ConnectionBudgetCap(5, [], []));
        var held = new[] { kit.Acquire(), kit.Acquire(), kit.Acquire() };
        kit.Release(kit.Acquire());
        kit.StatusWhen(s => s.Total == 4 && s.Active == 3, "three in use, one idle");

        kit.Probe.Send(kit.Pool, new ConnectionBudgetCap(1, [], []));
        kit.StatusWhen(s => s.Total == 3, "the idle backend closed");
        kit.Release(held[0]);
        kit.StatusWhen(s => s.Total == 2, "the first returned backend closed");
        kit.Release(held[1]);
        kit.StatusWhen(s => s.Total == 1, "the second returned backend closed");
        kit.Release(held[2]);
        // Back within the share: the last one stays for reuse.
        var status = kit.StatusWhen(s => s.Active == 0, "all returned");
        Assert.Equal(1, status.Total);
        Assert.False(held[2].Connection.IsClosed);
    }

    [Fact]
    public async Task A_rule_share_caps_the_rules_backends_below_its_max_size()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { ClusterBudget = true, FindLimit = (_, _) => Rule, RuleMaxSizes = [4] });
        kit.Probe.Send(kit.Pool, new ConnectionBudgetCap(5, [1], [4]));
        var held = kit.Acquire();
        kit.SendAcquire();
        var status = kit.StatusWhen(s => s.Waiting == 1, "the second client of the rule queued");
        Assert.Equal(1, status.Total);
        kit.Release(held);
        kit.Probe.ExpectMsg<PoolProtocol.Leased>(PoolKit.Reply);
    }

    [Fact]
    public async Task A_reload_that_changes_a_limit_asks_for_new_shares_and_holds_the_rule_back_until_they_come()
    {
        PoolOptions options = null!;
        await using var kit = PoolKit.Start(fixture.Server, o => options = o with { ClusterBudget = true, FindLimit = (_, _) => Rule, RuleMaxSizes = [4] });
        kit.Probe.Send(kit.Pool, new ConnectionBudgetCap(5, [1], [4]));
        var held = kit.Acquire();

        // The limits file now says max_size 6: the pool asks the budget actor (the sender of its caps) to share out 6.
        kit.Probe.Send(kit.Pool, new PoolProtocol.Reconfigure(options with { RuleMaxSizes = [6] }));
        var totals = kit.Probe.ExpectMsg<ConnectionBudgetTotals>(PoolKit.Reply);
        Assert.Equal(5, totals.MaxConnections);
        Assert.Equal(new[] { 6 }, totals.RuleMaxSizes);

        // A share computed from the old limits (crossing the reload) is not used for the rule: asked again, still held back.
        kit.Probe.Send(kit.Pool, new ConnectionBudgetCap(5, [2], [4]));
        Assert.Equal(new[] { 6 }, kit.Probe.ExpectMsg<ConnectionBudgetTotals>(PoolKit.Reply).RuleMaxSizes);
        kit.SendAcquire();
        var status = kit.StatusWhen(s => s.Waiting == 1, "the rule's client waits for its new share");
        Assert.Equal(1, status.Total);

        kit.Probe.Send(kit.Pool, new ConnectionBudgetCap(5, [2], [6]));
        kit.Probe.ExpectMsg<PoolProtocol.Leased>(PoolKit.Reply);
        Assert.Equal(2, kit.Status().Total);
        kit.Release(held);
    }
}
