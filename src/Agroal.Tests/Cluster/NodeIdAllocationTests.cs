using Agroal.Actors.Cluster;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Cluster;

/// <summary>
/// Several cluster members in one process, started at once: the node-id allocator singleton gives each a distinct id,
/// every member learns the others' ids, and the ids survive the allocator's hand-over when its member leaves.
/// </summary>
public sealed class NodeIdAllocationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly NodeIdClientSettings Fast = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));
    private readonly List<ActorSystem> _systems = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _systems)
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Four_members_started_at_once_get_distinct_ids_and_routes_to_each_other()
    {
        var nodes = StartAtOnce(4);

        await WaitUntilAsync(() => nodes.All(n => n.Recorder.NodeId > 0 && n.Recorder.Routes.Count == 3), nodes, "four ids and full routes");

        var ids = nodes.Select(n => n.Recorder.NodeId).Order().ToArray();
        Assert.Equal(new[] { 1, 2, 3, 4 }, ids);
        foreach (var node in nodes)
        {
            Assert.Single(node.Recorder.Assignments);
            // Every other member's id points to that member's address.
            foreach (var other in nodes.Where(o => o != node))
            {
                Assert.Equal(other.Address, node.Recorder.Routes[other.Recorder.NodeId]);
            }
        }
    }

    [Fact]
    public async Task Ids_survive_the_allocators_hand_over_and_a_newcomer_gets_an_id_no_survivor_holds()
    {
        var nodes = StartAtOnce(3);
        await WaitUntilAsync(() => nodes.All(n => n.Recorder.NodeId > 0 && n.Recorder.Routes.Count == 2), nodes, "three ids");
        var survivors = nodes.Skip(1).ToArray();
        var before = survivors.Select(n => n.Recorder.NodeId).ToArray();

        // The first member is the oldest: the allocator runs there and is handed over when it leaves.
        await Akka.Cluster.Cluster.Get(nodes[0].System).LeaveAsync().WaitAsync(Patience);
        await WaitUntilAsync(() => survivors.All(n => n.Recorder.Routes.Count == 1), survivors, "the leaver's route dropped");
        var newcomer = Start(seed: survivors[0].Address);
        await WaitUntilAsync(() => newcomer.Recorder.NodeId > 0 && survivors.All(n => n.Recorder.Routes.Count == 2), [.. survivors, newcomer],
            "the newcomer's id");

        Assert.Equal(before, survivors.Select(n => n.Recorder.NodeId).ToArray());
        Assert.All(survivors, n => Assert.Single(n.Recorder.Assignments));
        Assert.DoesNotContain(newcomer.Recorder.NodeId, before);
        Assert.Equal(newcomer.Address, survivors[0].Recorder.Routes[newcomer.Recorder.NodeId]);
    }

    /// <summary>The first member joins itself, the others join it, all without waiting for each other.</summary>
    private List<Node> StartAtOnce(int count)
    {
        var first = Start(seed: null);
        var nodes = new List<Node> { first };
        for (var i = 1; i < count; i++)
        {
            nodes.Add(Start(first.Address));
        }
        return nodes;
    }

    private Node Start(Address? seed)
    {
        var system = LoopbackClusterSystems.Start();
        _systems.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var recorder = new NodeIdRecorder();
        NodeIdAllocation.Start(system, recorder, Fast, NullLoggerFactory.Instance);
        cluster.Join(seed ?? cluster.SelfAddress);
        return new Node(system, cluster.SelfAddress, recorder);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, IReadOnlyList<Node> nodes, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not reached within {Patience.TotalSeconds} s; ids " +
                string.Join(",", nodes.Select(n => $"{n.Address.Port}={n.Recorder.NodeId}/{n.Recorder.Routes.Count}")));
            await Task.Delay(100);
        }
    }

    private sealed record Node(ActorSystem System, Address Address, NodeIdRecorder Recorder);
}
