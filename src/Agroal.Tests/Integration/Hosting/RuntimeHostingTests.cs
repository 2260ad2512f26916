using Agroal.Actors.Clients;
using Agroal.Actors.Pool;
using Agroal.Actors.Runtime;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Akka.Actor;
using Akka.Event;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Akka.Hosting;
using Microsoft.Extensions.Logging;

namespace Agroal.Tests.Integration.Hosting;

/// <summary>The actor system as Akka.Hosting builds it inside the pooler's host: registry, HOCON, logging, shutdown.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RuntimeHostingTests(PostgresFixture fixture)
{
    [Fact]
    public async Task The_pool_and_clients_actors_are_in_the_actor_registry_and_the_domain_clock_is_registered()
    {
        await using var harness = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session);
        var registry = ActorRegistry.For(harness.Server.System);
        Assert.Equal(harness.Server.Pool, registry.Get<PoolManagerActor>());
        Assert.Equal(harness.Server.Clients, registry.Get<ClientsSupervisorActor>());
        Assert.NotNull(harness.Server.System.GetExtension<DomainClock>());
        await using var connection = await harness.OpenAsync();
        Assert.Equal(1, await new Npgsql.NpgsqlCommand("SELECT 1", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_hosts_services_resolve_the_actor_system_and_the_required_actors()
    {
        await using var harness = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session);
        var services = harness.Server.HostServices;
        Assert.Same(harness.Server.System, services.GetService(typeof(ActorSystem)));
        var pool = (IRequiredActor<PoolManagerActor>)services.GetService(typeof(IRequiredActor<PoolManagerActor>))!;
        var clients = (IRequiredActor<ClientsSupervisorActor>)services.GetService(typeof(IRequiredActor<ClientsSupervisorActor>))!;
        Assert.Equal(harness.Server.Pool, await pool.GetAsync());
        Assert.Equal(harness.Server.Clients, await clients.GetAsync());
        Assert.Equal("/user/pool", harness.Server.Pool.Path.ToStringWithoutAddress());
        Assert.Equal("/user/clients", harness.Server.Clients.Path.ToStringWithoutAddress());

        var status = await pool.ActorRef.Ask<PoolProtocol.Status>(PoolProtocol.GetStatus.Instance, TimeSpan.FromSeconds(30));
        Assert.True(status.MaxConnections > 0);
    }

    [Fact]
    public async Task Akkas_own_log_lines_go_through_the_poolers_logging()
    {
        var capture = new CapturingLoggerProvider();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(capture).SetMinimumLevel(LogLevel.Debug));
        await using var harness = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session, s => s with { Logging = logging });

        harness.Server.System.Log.Warning("bridge-probe {0}", 42);

        await Eventually.TrueAsync(() => Task.FromResult(capture.Lines.Any(line => line.Contains("bridge-probe 42", StringComparison.Ordinal))),
            "the Akka log line reached the pooler's logger");
        Assert.Contains(capture.Lines, line => line.StartsWith("Akka Warning akka: source=", StringComparison.Ordinal)
            && line.Contains("bridge-probe 42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hocon_file_overrides_the_runtime_defaults()
    {
        using var directory = TempDirectory.Create();
        var file = directory.Combine("runtime.conf");
        File.WriteAllText(file, "akka.actor.default-dispatcher.throughput = 7\n");
        await using var harness = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session, s => s with { HoconFile = file });

        var config = harness.Server.System.Settings.Config;
        Assert.Equal(7, config.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal("off", config.GetString("akka.log-dead-letters"));
    }

    [Fact]
    public async Task Stopping_the_server_runs_coordinated_shutdown_and_terminates_the_system()
    {
        var harness = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session);
        var system = harness.Server.System;
        await harness.DisposeAsync();

        Assert.True(system.WhenTerminated.IsCompleted);
        Assert.NotNull(CoordinatedShutdown.Get(system).ShutdownReason);
    }
}
