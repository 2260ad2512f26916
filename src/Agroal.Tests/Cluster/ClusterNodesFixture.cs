using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Cluster;

/// <summary>
/// Three <c>agroal</c> processes forming one cluster on loopback in front of one PostgreSQL 15, shared by the
/// multi-process cluster tests (starting them is the expensive part). A test that kills or downs a node starts it
/// again before it ends, so the next test finds three Up members.
/// </summary>
public sealed class ClusterNodesFixture : IAsyncLifetime
{
    public const string ClusterName = "agroal-test";

    /// <summary>Short failure-detector and resolver timings so that a test sees a dead node removed in seconds; generous enough for a loaded machine.</summary>
    public const string TestHocon = """
        akka.cluster {
          failure-detector { heartbeat-interval = 1s, acceptable-heartbeat-pause = 4s }
          split-brain-resolver.stable-after = 4s
          down-removal-margin = 2s
        }
        """;

    private PostgresServer? _postgres;
    private readonly List<ClusterNodeProcess> _nodes = [];

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("the fixture is not initialised");

    public IReadOnlyList<ClusterNodeProcess> Nodes => _nodes;

    /// <summary>The seeds every node is given: all three remoting ports.</summary>
    public string Seeds { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync(new PostgresServerOptions());
        var ports = new[] { FreePort.Get(), FreePort.Get(), FreePort.Get() };
        Seeds = string.Join(",", ports.Select(p => $"127.0.0.1:{p}"));
        string[] names = ["a", "b", "c"];
        for (var i = 0; i < ports.Length; i++)
        {
            _nodes.Add(ClusterNodeProcess.Create(names[i], _postgres, ports[i], ClusterName, Seeds, TestHocon));
        }
        await Task.WhenAll(_nodes.Select(n => n.StartAsync()));
        await WaitForUpAsync(_nodes, 3, TimeSpan.FromSeconds(90));
    }

    /// <summary>Starts again any node a previous test left stopped, then waits for three Up members everywhere.</summary>
    public async Task EnsureThreeUpAsync()
    {
        foreach (var node in _nodes)
        {
            if (!node.IsRunning)
            {
                await node.KillAsync();
                await node.StartAsync();
            }
        }
        await WaitForUpAsync(_nodes, 3, TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until each of <paramref name="nodes"/> sees exactly <paramref name="up"/> Up members and none unreachable.</summary>
    public static async Task WaitForUpAsync(IReadOnlyList<ClusterNodeProcess> nodes, int up, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var seen = new List<string>();
            var all = true;
            foreach (var node in nodes)
            {
                int count;
                try
                {
                    count = await node.MembersAsync("up");
                }
                catch (HttpRequestException)
                {
                    count = -1;
                }
                seen.Add($"{node.Name}={count}");
                all &= count == up;
            }
            if (all)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not every node saw {up} Up members within {timeout.TotalSeconds} s ({string.Join(" ", seen)}):\n" +
                    string.Join("\n----\n", nodes.Select(n => $"{n.Name}:\n{n.Output}")));
            }
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
