using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class PipeToTests
{
    [Fact]
    public async Task PipeTo_delivers_a_result_as_a_message()
    {
        await using var system = ActorSystem.Create("pipe-success");
        var probe = new TestProbe(system);
        var pending = new TaskCompletionSource<int>();

        pending.Task.PipeTo(probe.Ref);
        pending.SetResult(42);

        probe.ExpectMsg(42);
    }

    [Fact]
    public async Task PipeTo_delivers_a_failure_as_Status_Failure()
    {
        await using var system = ActorSystem.Create("pipe-failure");
        var probe = new TestProbe(system);

        Task.FromException<int>(new InvalidOperationException("broken")).PipeTo(probe.Ref);

        var failure = probe.ExpectMsg<Status.Failure>();
        Assert.IsType<InvalidOperationException>(failure.Cause);
        Assert.Equal("broken", failure.Cause.Message);
    }

    [Fact]
    public async Task PipeTo_maps_success_and_failure_and_keeps_the_given_sender()
    {
        await using var system = ActorSystem.Create("pipe-mapped");
        var probe = new TestProbe(system);
        var sender = new TestProbe(system);

        Task.FromResult(7).PipeTo(probe.Ref, sender.Ref, success: n => "got " + n);
        probe.ExpectMsg("got 7");
        Assert.Same(sender.Ref, probe.LastSender);

        Task.FromException(new TimeoutException("slow")).PipeTo(probe.Ref, failure: e => "failed " + e.Message);
        probe.ExpectMsg("failed slow");

        Task.CompletedTask.PipeTo(probe.Ref);
        probe.ExpectMsg(new Status.Success(null));
    }

    [Fact]
    public async Task An_actor_pipes_async_work_back_to_itself()
    {
        await using var system = ActorSystem.Create("pipe-actor");
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new AsyncWorker(probe.Ref)), "worker");

        actor.Tell("work");

        probe.ExpectMsg("done: 6");
    }

    private sealed class AsyncWorker(IActorRef probe) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "work":
                    ComputeAsync().PipeTo(Self);
                    break;
                case int result:
                    probe.Tell("done: " + result);
                    break;
            }
        }

        private static async Task<int> ComputeAsync()
        {
            await Task.Yield();
            return 6;
        }
    }
}
