using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;
using Agroal.Actors.Runtime;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Runtime;
using Akka.Actor;
using Akka.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Pool;

/// <summary>A pool manager on virtual time (domain clock and Akka's TestScheduler) in front of the test PostgreSQL, driven by a probe that plays the clients.</summary>
internal sealed class PoolKit : IAsyncDisposable
{
    public static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    private long _ticket;

    private PoolKit(PostgresServer postgres, ActorTestClock clock, ActorSystem system, BackendConnector connector, PoolLifecycle lifecycle,
        PoolCounters counters, PoolOptions options, PoolLanes lanes)
    {
        Lanes = lanes;
        Postgres = postgres;
        Clock = clock;
        System = system;
        Connector = connector;
        Lifecycle = lifecycle;
        Counters = counters;
        Probe = ActorTestSystems.Probe(system, "client");
        Pool = system.ActorOf(ActorProps.Of(() => new PoolManagerActor(options, connector, counters, NullLogger.Instance, lifecycle, lanes)), "pool");
    }

    public PostgresServer Postgres { get; }

    /// <summary>The lanes the manager shares with sessions (the fast paths, and where it lends its queue).</summary>
    public PoolLanes Lanes { get; }

    public ActorTestClock Clock { get; }

    public ActorSystem System { get; }

    public BackendConnector Connector { get; }

    public PoolLifecycle Lifecycle { get; }

    public PoolCounters Counters { get; }

    public TestProbe Probe { get; }

    public IActorRef Pool { get; }

    public PoolKey Key => new(Postgres.User, Postgres.Database, "");

    public ServerEndpoint Primary => new("primary", Postgres.Host, Postgres.Port, PrimaryHint: true);

    public static PoolKit Start(PostgresServer postgres, Func<PoolOptions, PoolOptions>? configure = null)
    {
        var system = ActorSystem.Create("pool-test", ActorTestConfig.VirtualTime);
        var clock = new ActorTestClock(system);
        var connector = new BackendConnector(clock.Time);
        var options = new PoolOptions
        {
            MaxConnections = 5,
            BlockingTimeout = TimeSpan.FromSeconds(30),
            Servers = [new ServerEndpoint("primary", postgres.Host, postgres.Port, PrimaryHint: true)],
            BackendPassword = user => user == postgres.User ? postgres.Password : null,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        options = configure?.Invoke(options) ?? options;
        return new PoolKit(postgres, clock, system, connector, new PoolLifecycle(), new PoolCounters(), options, new PoolLanes(options.MaxConnections));
    }

    public void SendAcquire(PoolKey? key = null) =>
        Probe.Send(Pool, new PoolProtocol.Acquire(key ?? Key, Probe.Ref, ++_ticket, "pool-test"));

    public PoolProtocol.Leased Acquire(PoolKey? key = null)
    {
        SendAcquire(key);
        return Probe.ExpectMsg<PoolProtocol.Leased>(Reply);
    }

    public void Release(PoolProtocol.Leased leased, bool reusable = true) =>
        Probe.Send(Pool, new PoolProtocol.Release(leased.Connection, reusable));

    public PoolProtocol.Status Status()
    {
        Probe.Send(Pool, PoolProtocol.GetStatus.Instance);
        return Probe.ExpectMsg<PoolProtocol.Status>(Reply);
    }

    public PoolProtocol.Servers Servers()
    {
        Probe.Send(Pool, PoolProtocol.GetServers.Instance);
        return Probe.ExpectMsg<PoolProtocol.Servers>(Reply);
    }

    public PoolProtocol.Done Control(object request)
    {
        Probe.Send(Pool, request);
        return Probe.ExpectMsg<PoolProtocol.Done>(Reply);
    }

    /// <summary>Polls the pool's status until the condition holds (backends open and close on real sockets).</summary>
    public PoolProtocol.Status StatusWhen(Func<PoolProtocol.Status, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Reply;
        while (true)
        {
            var status = Status();
            if (condition(status))
            {
                return status;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not reached; total={status.Total} active={status.Active} waiting={status.Waiting}");
            Thread.Sleep(20);
        }
    }

    public Task<string> TerminateBackendAsync(int pid) => Postgres.ExecuteScalarAsync($"SELECT pg_terminate_backend({pid})");

    public async ValueTask DisposeAsync()
    {
        await System.Terminate();
        Connector.Dispose();
    }
}
