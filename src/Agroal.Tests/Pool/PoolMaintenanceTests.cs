using Agroal.Actors.Configuration;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Pool;

[Collection(PostgresCollection.Name)]
public sealed class PoolMaintenanceTests(PostgresFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Maintenance_periods_are_half_the_limit_but_at_least_five_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), PoolOptions.MaintenancePeriod(TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromSeconds(5), PoolOptions.MaintenancePeriod(TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public async Task Idle_timeout_closes_a_free_backend_only_once_it_has_been_idle_that_long()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { IdleTimeout = TimeSpan.FromSeconds(10) });
        kit.Release(kit.Acquire());
        kit.StatusWhen(s => s.Active == 0, "backend returned");

        kit.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, kit.Status().Total);

        kit.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, kit.Status().Total);
        Assert.Equal(1, kit.Counters.Kill);
    }

    [Fact]
    public async Task Idle_timeout_leaves_backends_in_use_alone()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { IdleTimeout = TimeSpan.FromSeconds(10) });
        var leased = kit.Acquire();
        kit.Clock.Advance(TimeSpan.FromSeconds(30));
        var status = kit.Status();
        Assert.Equal(1, status.Active);
        Assert.False(leased.Connection.IsClosed);
    }

    [Fact]
    public async Task Max_connection_age_closes_a_backend_when_it_is_returned_too_old()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { MaxConnectionAge = TimeSpan.FromSeconds(10) });
        var leased = kit.Acquire();
        kit.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, kit.Status().Active);
        kit.Release(leased);
        Assert.Equal(0, kit.Status().Total);
    }

    [Fact]
    public async Task Max_connection_age_closes_old_idle_backends_periodically()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { MaxConnectionAge = TimeSpan.FromSeconds(20) });
        var first = kit.Acquire();
        kit.Release(first);
        kit.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = kit.Acquire();
        Assert.Same(first.Connection, second.Connection);
        kit.Release(second);
        Assert.Equal(1, kit.Status().Total);
        kit.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, kit.Status().Total);
    }

    [Fact]
    public async Task Background_validation_closes_a_backend_that_does_not_answer_and_keeps_a_healthy_one()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with
        {
            Validation = ValidationMode.Background, BackgroundInterval = TimeSpan.FromSeconds(1), ValidationTimeout = TimeSpan.FromSeconds(1),
        });
        var frozen = kit.Acquire();
        var healthy = kit.Acquire();
        kit.Release(frozen);
        kit.Release(healthy);
        kit.StatusWhen(s => s.Active == 0 && s.Total == 2, "backends returned");
        // Frozen, not killed: a killed backend's socket closes and the pool's liveness watch removes it at once, so
        // only a backend that keeps its socket open and stops answering is left for validation to find.
        Assert.True(await kit.Postgres.SignalBackendAsync(frozen.Connection.ProcessId, "STOP"));
        try
        {
            // background_interval below 5 s still runs every 5 s.
            kit.Clock.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal(2, kit.Status().Total);
            kit.Clock.Advance(TimeSpan.FromSeconds(1));
            // SELECT 1 gets no answer within validation_timeout (real time, 1 s).
            var status = kit.StatusWhen(s => s.Total == 1 && s.Slots[0].State == SlotState.Free, "unanswering backend closed");
            Assert.Equal(healthy.Connection.SlotId, status.Slots[0].SlotId);
        }
        finally
        {
            await kit.Postgres.SignalBackendAsync(frozen.Connection.ProcessId, "CONT");
        }
    }

    [Fact]
    public async Task Foreground_validation_replaces_a_dead_idle_backend_before_leasing_it()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { Validation = ValidationMode.Foreground });
        var first = kit.Acquire();
        var pid = first.Connection.ProcessId;
        kit.Release(first);
        kit.StatusWhen(s => s.Active == 0, "backend returned");
        await kit.TerminateBackendAsync(pid);

        var second = kit.Acquire();
        Assert.NotEqual(pid, second.Connection.ProcessId);
        Assert.Equal(1, kit.Status().Total);
    }

    [Fact]
    public async Task A_slot_under_validation_cannot_be_leased_and_is_closed_when_flushed_meanwhile()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { Validation = ValidationMode.Foreground, MaxConnections = 1 });
        var first = kit.Acquire();
        kit.Release(first);
        kit.StatusWhen(s => s.Active == 0, "backend returned");
        // A lease takes the slot into Validation; a flush while it is there marks it, and it is closed after the check.
        kit.SendAcquire();
        Assert.Equal(PoolProtocol.Done.Ok, kit.Control(new PoolProtocol.Flush(FlushMode.Idle, null)));
        var second = kit.Probe.ExpectMsg<PoolProtocol.Leased>(PoolKit.Reply);
        Assert.NotSame(first.Connection, second.Connection);
        Assert.True(first.Connection.IsClosed || kit.Counters.Kill >= 1);
    }

    [Fact]
    public async Task Initial_size_is_prefilled_at_start_and_min_size_is_kept_after_idle_kills()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with
        {
            IdleTimeout = TimeSpan.FromSeconds(10),
            Prefill = [new PoolPrefill(new PoolKey(fixture.Server.User, fixture.Server.Database, ""), new PoolLimit(0, 4, 3, 2))],
            FindLimit = (_, _) => new PoolLimit(0, 4, 3, 2),
        });
        var started = kit.StatusWhen(s => s.Total == 3 && s.Slots.All(slot => slot.State == SlotState.Free), "initial_size prefilled");
        kit.Clock.Advance(TimeSpan.FromSeconds(10));
        var refilled = kit.StatusWhen(s => s.Total == 2 && s.Slots.All(slot => slot.State == SlotState.Free), "topped up to min_size");
        Assert.True(refilled.Slots.All(slot => slot.CreatedTimestamp > started.Slots[0].CreatedTimestamp));
    }

    [Fact]
    public async Task Prefill_stops_for_a_user_the_server_refuses()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with
        {
            Prefill = [new PoolPrefill(new PoolKey("no_such_role", fixture.Server.Database, ""), new PoolLimit(0, 4, 2, 2))],
            BackendPassword = _ => "wrong",
        });
        kit.StatusWhen(s => s.Total == 0 && kit.Counters.Error == 2, "both prefill logins refused");
        kit.Probe.Send(kit.Pool, new PoolProtocol.Prefill(Initial: true));
        kit.Probe.ExpectNoMsg(Quiet);
        Assert.Equal(0, kit.Status().Total);
        Assert.Equal(2, kit.Counters.Error);
    }
}
