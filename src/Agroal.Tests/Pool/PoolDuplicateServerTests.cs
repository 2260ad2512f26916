using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Pool;

/// <summary>
/// The pool's side of startup_validation = on at a reload, against the test PostgreSQL: of two sections found to be one
/// PostgreSQL, the tie-break's loser is marked invalid, gets no backend (even as the primary), cannot be switched to or
/// cleared, and is valid again once a reload no longer finds it a duplicate.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PoolDuplicateServerTests(PostgresFixture fixture)
{
    private ServerEndpoint Live(string name) => new(name, fixture.Server.Host, fixture.Server.Port, false);

    private static DuplicateServerFindings Found(ServerEndpoint first, ServerEndpoint second, params string[] unread) =>
        new([new DuplicateServerPair(first, second, "7312")], unread);

    private static void Reconfigure(PoolKit kit, PoolOptions options, DuplicateServerFindings? findings) =>
        kit.Probe.Send(kit.Pool, new PoolProtocol.Reconfigure(options, findings));

    private (PoolKit Kit, PoolOptions Options) Start()
    {
        PoolOptions? options = null;
        var kit = PoolKit.Start(fixture.Server, o => options = o with { Servers = [Live("a"), Live("b")] });
        return (kit, options!);
    }

    [Fact]
    public async Task A_reload_marks_the_idle_duplicate_invalid_and_switch_to_and_clear_refuse_it()
    {
        var (kit, options) = Start();
        await using var _ = kit;
        var held = kit.Acquire();
        Assert.Equal("a", held.Connection.Server.Name);

        Reconfigure(kit, options, Found(Live("a"), Live("b")));

        var servers = kit.Servers().List;
        Assert.Null(servers[0].DuplicateOf);
        Assert.Equal("a", servers[1].DuplicateOf);
        var switchTo = kit.Control(new PoolProtocol.SwitchTo("b"));
        Assert.False(switchTo.Success);
        Assert.Contains("server \"b\" is invalid: startup_validation found it the same PostgreSQL as \"a\"", switchTo.Error, StringComparison.Ordinal);
        Assert.False(kit.Control(new PoolProtocol.ClearServer("b")).Success);
        Assert.Equal("a", kit.Acquire().Connection.Server.Name);
    }

    [Fact]
    public async Task The_server_with_connections_in_use_is_kept_and_the_invalid_one_gets_no_backend_even_as_the_primary()
    {
        var (kit, options) = Start();
        await using var _ = kit;
        Assert.True(kit.Control(new PoolProtocol.SwitchTo("b")).Success);
        var onB = kit.Acquire();
        Assert.Equal("b", onB.Connection.Server.Name);
        // a becomes the primary while b's backend is still in use (now Graceful): rule 1 beats rule 2.
        Assert.True(kit.Control(new PoolProtocol.SwitchTo("a")).Success);

        Reconfigure(kit, options, Found(Live("a"), Live("b")));

        var servers = kit.Servers().List;
        Assert.Equal(ServerState.Primary, servers[0].State);
        Assert.Equal("b", servers[0].DuplicateOf);
        Assert.Null(servers[1].DuplicateOf);
        Assert.True(kit.Control(new PoolProtocol.ClearServer("b")).Success);
        var next = kit.Acquire();
        Assert.Equal("b", next.Connection.Server.Name);
    }

    [Fact]
    public async Task An_invalid_server_stays_invalid_while_unread_and_is_valid_again_when_a_reload_no_longer_finds_it()
    {
        var (kit, options) = Start();
        await using var _ = kit;
        Reconfigure(kit, options, Found(Live("a"), Live("b")));
        Assert.Equal("a", kit.Servers().List[1].DuplicateOf);

        Reconfigure(kit, options, new DuplicateServerFindings([], ["b"]));
        Assert.Equal("a", kit.Servers().List[1].DuplicateOf);

        Reconfigure(kit, options, null);
        Assert.Null(kit.Servers().List[1].DuplicateOf);
        Assert.True(kit.Control(new PoolProtocol.SwitchTo("b")).Success);
        Assert.Equal("b", kit.Acquire().Connection.Server.Name);
    }
}
