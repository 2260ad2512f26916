using Agroal.Tests.Runtime;
using System.Net;
using System.Net.Sockets;
using Agroal.Actors.Errors;
using Akka.TestKit;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Pool;

[Collection(PostgresCollection.Name)]
public sealed class PoolServerStateTests(PostgresFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private static ServerEndpoint Dead(string name, bool primary = false) => new(name, "127.0.0.1", FreePort.Get(), primary);

    private ServerEndpoint Live(string name, bool primary = false) => new(name, fixture.Server.Host, fixture.Server.Port, primary);

    [Fact]
    public async Task The_first_login_to_a_server_detects_it_as_primary()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { Servers = [Live("main")] });
        Assert.Equal(ServerState.NotInit, kit.Servers().List[0].State);
        kit.Acquire();
        Assert.Equal(ServerState.Primary, kit.Servers().List[0].State);
    }

    [Fact]
    public async Task Switch_to_makes_the_named_server_primary_fails_the_old_one_and_flushes_its_backends()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { Servers = [Live("a", primary: true), Live("b")] });
        var held = kit.Acquire();
        Assert.False(kit.Control(new PoolProtocol.SwitchTo("nope")).Success);

        Assert.True(kit.Control(new PoolProtocol.SwitchTo("b")).Success);

        var servers = kit.Servers().List;
        Assert.Equal(ServerState.Failed, servers[0].State);
        Assert.Equal(ServerState.Primary, servers[1].State);
        Assert.Equal(SlotState.Gracefully, kit.Status().Slots[0].State);
        kit.Release(held);
        var next = kit.Acquire();
        Assert.Equal("b", next.Connection.Server.Name);
    }

    [Fact]
    public async Task Clear_server_puts_a_failed_server_back_to_not_init()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { Servers = [Live("a", primary: true), Live("b")] });
        kit.Control(new PoolProtocol.SwitchTo("b"));
        Assert.True(kit.Control(new PoolProtocol.ClearServer("a")).Success);
        Assert.Equal(ServerState.NotInit, kit.Servers().List[0].State);
        Assert.False(kit.Control(new PoolProtocol.ClearServer("zzz")).Success);
    }

    [Fact]
    public async Task With_health_check_a_server_that_refused_a_dial_is_not_dialled_until_a_probe_gets_an_answer()
    {
        var dead = Dead("flaky", primary: true);
        await using var kit = PoolKit.Start(fixture.Server, o => o with
        {
            Servers = [dead], HealthCheck = true, HealthCheckPeriod = TimeSpan.FromSeconds(30), HealthCheckUser = "",
            HealthCheckTimeout = TimeSpan.FromSeconds(2),
        });
        kit.SendAcquire();
        Assert.Equal(PoolerErrorKind.ServerUnreachable, kit.Probe.ExpectMsg<PoolProtocol.Refused>(PoolKit.Reply).Error.Kind);
        Assert.True(kit.Servers().List[0].Down);

        kit.SendAcquire();
        Assert.Equal(PoolerErrorKind.ConnectionRefused, kit.Probe.ExpectMsg<PoolProtocol.Refused>(PoolKit.Reply).Error.Kind);
        Assert.Equal(1, kit.Counters.Error);

        // The server comes back; the first back-off probe (after 1 s) finds it.
        using var listener = new TcpListener(IPAddress.Loopback, dead.Port);
        listener.Start();
        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitAsync(() => !kit.Servers().List[0].Down, "up again after a probe got an answer");
    }

    [Fact]
    public async Task An_unreachable_primary_starts_one_failover_and_waiting_clients_get_the_new_primary()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { Servers = [Dead("old", primary: true), Live("new")], Failover = true });
        var failover = ActorTestSystems.Probe(kit.System, "failover");
        kit.Probe.Send(kit.Pool, new PoolProtocol.RegisterFailover(failover.Ref));

        kit.SendAcquire();
        var request = failover.ExpectMsg<FailoverRequest>(PoolKit.Reply);
        // Akka's ExpectNoMsg below forgets the last sender, so the requester is kept for the reply.
        var requester = failover.LastSender;
        Assert.Equal(("old", "new"), (request.OldServer.Name, request.NewServer.Name));
        Assert.Equal(ServerState.Failover, kit.Servers().List[0].State);
        kit.SendAcquire();
        failover.ExpectNoMsg(Quiet);
        Assert.Equal(2, kit.Status().Waiting);

        requester.Tell(new PoolProtocol.FailoverCompleted(request.OldIndex, request.NewIndex, Success: true), failover.Ref);

        Assert.Equal("new", kit.Probe.ExpectMsg<PoolProtocol.Leased>(PoolKit.Reply).Connection.Server.Name);
        Assert.Equal("new", kit.Probe.ExpectMsg<PoolProtocol.Leased>(PoolKit.Reply).Connection.Server.Name);
        var servers = kit.Servers().List;
        Assert.Equal((ServerState.Failed, ServerState.Primary), (servers[0].State, servers[1].State));
    }

    [Fact]
    public async Task A_failed_failover_script_fails_both_servers_and_the_waiting_client_is_refused()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { Servers = [Dead("old", primary: true), Live("new")], Failover = true });
        var failover = ActorTestSystems.Probe(kit.System, "failover");
        kit.Probe.Send(kit.Pool, new PoolProtocol.RegisterFailover(failover.Ref));
        kit.SendAcquire();
        var request = failover.ExpectMsg<FailoverRequest>(PoolKit.Reply);

        failover.Reply(new PoolProtocol.FailoverCompleted(request.OldIndex, request.NewIndex, Success: false));

        Assert.Equal(PoolerErrorKind.ConnectionRefused, kit.Probe.ExpectMsg<PoolProtocol.Refused>(PoolKit.Reply).Error.Kind);
        var servers = kit.Servers().List;
        Assert.Equal((ServerState.Failed, ServerState.Failed), (servers[0].State, servers[1].State));
    }

    [Fact]
    public async Task Without_failover_an_unreachable_server_is_just_an_error()
    {
        await using var kit = PoolKit.Start(fixture.Server, o => o with { Servers = [Dead("old", primary: true), Live("new")] });
        kit.SendAcquire();
        Assert.Equal(PoolerErrorKind.ServerUnreachable, kit.Probe.ExpectMsg<PoolProtocol.Refused>(PoolKit.Reply).Error.Kind);
        Assert.Equal(ServerState.NotInitPrimary, kit.Servers().List[0].State);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        await Integration.Pooling.Eventually.TrueAsync(() => Task.FromResult(condition()), what, seconds: 10);
    }
}
