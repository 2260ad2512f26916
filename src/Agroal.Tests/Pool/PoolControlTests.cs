using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Pool;

[Collection(PostgresCollection.Name)]
public sealed class PoolControlTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Flush_idle_closes_free_backends_and_leaves_the_ones_in_use()
    {
        await using var kit = PoolKit.Start(fixture.Server);
        var held = kit.Acquire();
        kit.Release(kit.Acquire());
        kit.StatusWhen(s => s.Active == 1 && s.Total == 2, "one free, one in use");

        Assert.True(kit.Control(new PoolProtocol.Flush(FlushMode.Idle, null)).Success);

        var status = kit.Status();
        Assert.Equal(1, status.Total);
        Assert.Equal(SlotState.InUse, status.Slots[0].State);
        Assert.False(held.Connection.IsClosed);
    }

    [Fact]
    public async Task Flush_gracefully_closes_an_in_use_backend_when_its_client_returns_it()
    {
        await using var kit = PoolKit.Start(fixture.Server);
        var held = kit.Acquire();
        kit.Control(new PoolProtocol.Flush(FlushMode.Gracefully, fixture.Server.Database));
        var status = kit.Status();
        Assert.Equal(SlotState.Gracefully, status.Slots[0].State);
        Assert.False(held.Connection.IsClosed);

        kit.Release(held);
        Assert.Equal(0, kit.Status().Total);
    }

    [Fact]
    public async Task Flush_of_another_database_leaves_this_one_alone()
    {
        await using var kit = PoolKit.Start(fixture.Server);
        kit.Release(kit.Acquire());
        kit.StatusWhen(s => s.Active == 0, "returned");
        kit.Control(new PoolProtocol.Flush(FlushMode.All, "some_other_db"));
        Assert.Equal(1, kit.Status().Total);
    }

    [Fact]
    public async Task Flush_all_cuts_the_backend_of_a_client_that_holds_one()
    {
        await using var kit = PoolKit.Start(fixture.Server);
        var held = kit.Acquire();
        kit.Control(new PoolProtocol.Flush(FlushMode.All, "*"));
        Assert.True(held.Connection.IsClosed);
        Assert.Equal(0, kit.Status().Total);
        // The client's late return of the cut backend is ignored.
        kit.Release(held);
        Assert.Equal(0, kit.Status().Total);
    }

    [Fact]
    public async Task Disable_and_enable_change_the_live_set_the_logins_read()
    {
        await using var kit = PoolKit.Start(fixture.Server);
        kit.Control(new PoolProtocol.DisableDatabase("sales"));
        Assert.Contains("sales", kit.Lifecycle.DisabledDatabases);
        Assert.DoesNotContain("hr", kit.Lifecycle.DisabledDatabases);
        kit.Control(new PoolProtocol.DisableDatabase("*"));
        Assert.Contains("hr", kit.Lifecycle.DisabledDatabases);
        kit.Control(new PoolProtocol.EnableDatabase("*"));
        Assert.DoesNotContain("sales", kit.Lifecycle.DisabledDatabases);
    }

    [Fact]
    public async Task Graceful_shutdown_refuses_new_clients_and_exits_only_when_the_last_backend_comes_back()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { FlushTimeout = TimeSpan.Zero });
        var refusals = new List<bool>();
        kit.Lifecycle.RefuseNewClientsChanged = refuse => refusals.Add(refuse);
        var held = kit.Acquire();

        kit.Control(PoolProtocol.BeginGracefulShutdown.Instance);
        Assert.True(kit.Lifecycle.RefusingNewClients);
        kit.Clock.Advance(TimeSpan.FromHours(1));
        Assert.False(kit.Lifecycle.ExitRequested.IsCompleted);
        Assert.False(held.Connection.IsClosed);

        kit.Release(held);
        Assert.True(await kit.Lifecycle.ExitRequested.WaitAsync(PoolKit.Reply));
        Assert.Equal([true], refusals.Distinct());
    }

    [Fact]
    public async Task Shutdown_cancel_lets_new_clients_in_again_and_the_pool_does_not_exit()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { FlushTimeout = TimeSpan.FromSeconds(10) });
        var held = kit.Acquire();
        kit.Control(PoolProtocol.BeginGracefulShutdown.Instance);
        Assert.True(kit.Control(PoolProtocol.CancelShutdown.Instance).Success);
        Assert.False(kit.Lifecycle.RefusingNewClients);

        kit.Clock.Advance(TimeSpan.FromSeconds(20));
        kit.Release(held);
        kit.Status();
        Assert.False(kit.Lifecycle.ExitRequested.IsCompleted);
    }

    [Fact]
    public async Task Graceful_shutdown_becomes_immediate_when_flush_timeout_passes()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { FlushTimeout = TimeSpan.FromSeconds(10) });
        kit.Acquire();
        kit.Control(PoolProtocol.BeginGracefulShutdown.Instance);
        kit.Clock.Advance(TimeSpan.FromSeconds(9));
        kit.Status();
        Assert.False(kit.Lifecycle.ExitRequested.IsCompleted);
        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await kit.Lifecycle.ExitRequested.WaitAsync(PoolKit.Reply));
    }

    [Fact]
    public async Task Immediate_shutdown_asks_the_process_to_exit_at_once()
    {
        await using var kit = PoolKit.Start(fixture.Server);
        kit.Acquire();
        kit.Control(PoolProtocol.ShutdownImmediately.Instance);
        Assert.False(await kit.Lifecycle.ExitRequested.WaitAsync(PoolKit.Reply));
    }
}
