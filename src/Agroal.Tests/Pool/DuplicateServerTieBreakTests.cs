using Agroal.Actors.Pool;

namespace Agroal.Tests.Pool;

/// <summary>The tie-break between two sections that are one PostgreSQL (pgagroal's determine_loser, plus already-invalid first).</summary>
public sealed class DuplicateServerTieBreakTests
{
    private static readonly ServerEndpoint A = new("a", "127.0.0.1", 5432, false);
    private static readonly ServerEndpoint B = new("b", "localhost", 5432, false);
    private static readonly ServerEndpoint C = new("c", "/tmp", 5432, false);
    private static readonly DuplicateServerPair AB = new(A, B, "7312");

    private static DuplicateServerCandidate Idle(int index) => new(index, HasActiveConnections: false, IsPrimary: false, AlreadyInvalid: false);

    [Fact]
    public void With_nothing_to_tell_them_apart_the_one_first_in_the_configuration_is_kept()
    {
        var verdict = DuplicateServerTieBreak.Choose(AB, Idle(0), Idle(1));

        Assert.Equal(A, verdict.Kept);
        Assert.Equal(B, verdict.Invalidated);
        Assert.Equal(DuplicateServerRule.ConfigurationOrder, verdict.Rule);
        Assert.Equal("configuration_order", verdict.RuleName);
    }

    [Fact]
    public void The_primary_is_kept_over_an_earlier_server()
    {
        var verdict = DuplicateServerTieBreak.Choose(AB, Idle(0), Idle(1) with { IsPrimary = true });

        Assert.Equal(B, verdict.Kept);
        Assert.Equal(DuplicateServerRule.Primary, verdict.Rule);
    }

    [Fact]
    public void Active_connections_beat_the_primary_and_the_order()
    {
        var verdict = DuplicateServerTieBreak.Choose(AB, Idle(0) with { IsPrimary = true }, Idle(1) with { HasActiveConnections = true });

        Assert.Equal(B, verdict.Kept);
        Assert.Equal(A, verdict.Invalidated);
        Assert.Equal(DuplicateServerRule.ActiveConnections, verdict.Rule);
    }

    [Fact]
    public void A_server_already_invalid_stays_the_loser_whatever_the_other_rules_say()
    {
        var verdict = DuplicateServerTieBreak.Choose(AB, Idle(0) with { AlreadyInvalid = true, HasActiveConnections = true, IsPrimary = true }, Idle(1));

        Assert.Equal(B, verdict.Kept);
        Assert.Equal(DuplicateServerRule.AlreadyInvalid, verdict.Rule);
        Assert.Equal("already_invalid", verdict.RuleName);
    }

    [Fact]
    public void When_both_have_connections_and_neither_is_primary_the_order_decides()
    {
        var verdict = DuplicateServerTieBreak.Choose(AB, Idle(0) with { HasActiveConnections = true }, Idle(1) with { HasActiveConnections = true });

        Assert.Equal(A, verdict.Kept);
        Assert.Equal(DuplicateServerRule.ConfigurationOrder, verdict.Rule);
    }

    [Fact]
    public void Of_three_sections_naming_one_postgres_exactly_one_stays()
    {
        var pairs = new[] { AB, new DuplicateServerPair(A, C, "7312"), new DuplicateServerPair(B, C, "7312") };
        var candidates = new Dictionary<string, DuplicateServerCandidate> { ["a"] = Idle(0), ["b"] = Idle(1), ["c"] = Idle(2) with { HasActiveConnections = true } };

        var verdicts = DuplicateServerTieBreak.Resolve(pairs, candidates);

        // a and b are alike, so b loses by order; then c (in use) beats a; b-c is settled, b being invalid already.
        Assert.Equal(2, verdicts.Count);
        Assert.Equal((A, B, DuplicateServerRule.ConfigurationOrder), (verdicts[0].Kept, verdicts[0].Invalidated, verdicts[0].Rule));
        Assert.Equal((C, A, DuplicateServerRule.ActiveConnections), (verdicts[1].Kept, verdicts[1].Invalidated, verdicts[1].Rule));
    }

    [Fact]
    public void A_pair_naming_a_server_the_pool_does_not_know_is_skipped()
    {
        var verdicts = DuplicateServerTieBreak.Resolve([AB], new Dictionary<string, DuplicateServerCandidate> { ["a"] = Idle(0) });

        Assert.Empty(verdicts);
    }
}
