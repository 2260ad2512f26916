using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Runtime;
using Akka.Actor;
using Agroal.Actors.Metrics;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Authentication;
using Agroal.Actors.Security.Credentials;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Benchmarks.Metrics;

/// <summary>
/// One scrape of a pool of 1,000 slots, all in use by 20 users/databases: the exporter's families brought in line with
/// the pool's status (a tenth of the slots change state between scrapes, so series are replaced) and the whole
/// registry written by prometheus-net, runtime figures included. Budget: under 5 ms and 1 MB allocated per scrape.
/// </summary>
[MemoryDiagnoser]
public class ExpositionBenchmarks
{
    private const int Slots = 1000;
    private ActorSystem _system = null!;
    private MetricsCollector _collector = null!;
    private PoolProtocol.Status[] _statuses = null!;
    private PoolProtocol.Servers _servers = null!;
    private int _scrape;

    /// <summary>With the .NET runtime figures (the System.Runtime meter's instruments observed) or the pooler's families alone.</summary>
    [Params(true, false)]
    public bool RuntimeFigures { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("exposition-benchmark", RuntimeHocon.Load(null));
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var pool = _system.DeadLetters;
        var services = new PoolerServices(pool, new ClientSessionOptions { Pipeline = PipelineKind.Session }, new AllowAll(),
            new CredentialStore(new Dictionary<string, string>(), new Dictionary<string, string>()), new CancelKeyRegistry(0),
            new ClientCounters(registry), NullLoggerFactory.Instance, TimeProvider.System);
        var rules = new List<LimitRule>();
        for (var i = 0; i < 20; i++)
        {
            rules.Add(new LimitRule($"db{i}", [], $"user{i}", 50, 5, 5, i + 1));
        }
        _collector = new MetricsCollector(new MetricsSources
        {
            System = _system,
            Registry = registry,
            Pool = pool,
            PoolCounters = new PoolCounters(registry),
            Services = services,
            MaxConnections = Slots,
            Servers = [new ServerEndpoint("primary", "127.0.0.1", 5432, true), new ServerEndpoint("replica", "127.0.0.1", 5433, false)],
            WatchedActors = [new("pool", pool)],
            RuntimeFigures = RuntimeFigures,
        }, new MetricsSettings { Host = "127.0.0.1", Port = 0, Limits = new LimitTable(rules) });
        _statuses = [Status(0), Status(1)];
        _servers = new PoolProtocol.Servers([
            new PoolProtocol.ServerStatus("primary", "127.0.0.1", 5432, ServerState.Primary, false, true, 3, 15, -1),
            new PoolProtocol.ServerStatus("replica", "127.0.0.1", 5433, ServerState.Replica, false, true, 0, 15, 1),
        ]);
        // The first scrape creates every series; the benchmark measures the ones after.
        _collector.Update(_statuses[0], _servers);
        _collector.ExportAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private static PoolProtocol.Status Status(int variant)
    {
        var slots = new PoolProtocol.SlotStatus[Slots];
        var waiting = new List<PoolKey>();
        for (var i = 0; i < Slots; i++)
        {
            // Every tenth slot flips between in use and free from one scrape to the next.
            var state = i % 10 == 0 && variant == 1 ? SlotState.Free : SlotState.InUse;
            slots[i] = new PoolProtocol.SlotStatus(i, state, $"user{i % 20}", $"db{i % 20}", "primary", $"app{i % 7}", 0, 0, Queries: i * 3L);
        }
        for (var i = 0; i < 50; i++)
        {
            waiting.Add(new PoolKey($"user{i % 20}", $"db{i % 20}", ""));
        }
        return new PoolProtocol.Status(Slots, Slots, Slots - (variant * 100), waiting.Count, slots, waiting);
    }

    [Benchmark(Description = "scrape of a 1,000-slot pool")]
    public byte[] Scrape()
    {
        _collector.Update(_statuses[_scrape++ & 1], _servers);
        return _collector.ExportAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collector.Dispose();
        _system.Terminate().GetAwaiter().GetResult();
    }

    private sealed class AllowAll : IAccessPolicy
    {
        public AccessDecision Decide(string database, string user, System.Net.IPAddress? clientAddress, bool isTls) =>
            AccessDecision.Allow(HbaMethod.Trust);
    }
}
