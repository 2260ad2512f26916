using Agroal.Actors.Cluster;
using Akka.Actor;

namespace Agroal.Tests.Cluster;

/// <summary>Two actor systems on loopback: a cancel arriving at one reaches the delivery of the node that issued the key.</summary>
public sealed class CancelForwardTests : IAsyncLifetime
{
    private ActorSystem _owner = null!;
    private ActorSystem _other = null!;

    public Task InitializeAsync()
    {
        _owner = LoopbackClusterSystems.Start();
        _other = LoopbackClusterSystems.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _other.Terminate();
        await _owner.Terminate();
    }

    [Fact]
    public async Task Cancel_with_another_nodes_key_reaches_that_nodes_delivery_with_the_exact_key()
    {
        var delivered = new TaskCompletionSource<(int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _owner.ActorOf(CancelForwardActor.Props((pid, key) =>
        {
            delivered.TrySetResult((pid, key));
            return Task.CompletedTask;
        }), CancelForwardActor.Name);
        var forwardedCount = 0;
        var forwarder = new CancelForwarder(_other, selfNodeId: 2, () => Interlocked.Increment(ref forwardedCount));
        forwarder.SetNode(1, Akka.Cluster.Cluster.Get(_owner).SelfAddress);
        var processId = (1 << 24) | 77;

        Assert.True(forwarder.TryForward(processId, -123456));

        Assert.Equal((processId, -123456), await delivered.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(1, forwardedCount);
    }

    [Fact]
    public void Own_key_stays_here_and_unknown_node_is_dropped_without_sending()
    {
        var forwardedCount = 0;
        var forwarder = new CancelForwarder(_other, selfNodeId: 2, () => Interlocked.Increment(ref forwardedCount));

        Assert.False(forwarder.TryForward((2 << 24) | 5, 42));
        Assert.True(forwarder.TryForward((9 << 24) | 5, 42));
        Assert.Equal(0, forwardedCount);
    }
}
