using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;

namespace Agroal.Tests.Kernel;

public sealed class AskTests
{
    [Fact]
    public async Task Ask_completes_with_the_reply_and_leaves_nothing_behind()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("ask-reply", clock);
        var echo = system.ActorOf(Props.Create(() => new EchoActor()), "echo");

        Assert.Equal("hello", await echo.Ask<string>("hello", TimeSpan.FromSeconds(3)));

        Assert.Equal(0, system.PendingAskCount);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public async Task Ask_times_out_with_a_clear_exception_and_leaves_nothing_behind()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("ask-timeout", clock);
        var silent = system.ActorOf(Props.Create(() => new SilentActor()), "silent");

        var asking = silent.Ask<string>(new Question(), TimeSpan.FromSeconds(2));
        Assert.Equal(1, system.PendingAskCount);
        clock.Advance(TimeSpan.FromSeconds(2));

        var timeout = await Assert.ThrowsAsync<AskTimeoutException>(() => asking);
        Assert.Contains(silent.Path, timeout.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(Question).FullName!, timeout.Message, StringComparison.Ordinal);
        Assert.Contains("2000 ms", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(0, system.PendingAskCount);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public async Task A_reply_after_the_timeout_is_counted_as_one_dead_letter()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("ask-late-reply", clock);
        var silent = system.ActorOf(Props.Create(() => new SilentActor()), "silent");
        var asking = silent.Ask<string>(new Question(), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => asking);

        silent.Tell("reply now");

        Assert.True(SpinWait.SpinUntil(() => system.DeadLetterCount == 1, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task A_Status_Failure_reply_fails_the_Ask_with_its_cause()
    {
        await using var system = ActorSystem.Create("ask-failure");
        var echo = system.ActorOf(Props.Create(() => new EchoActor()), "echo");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => echo.Ask<string>(new Status.Failure(new InvalidOperationException("no")), TimeSpan.FromSeconds(3)));

        Assert.Equal("no", failure.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => echo.Ask(new Status.Failure(new InvalidOperationException("no")), TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_fails_the_Ask_with_a_clear_exception()
    {
        await using var system = ActorSystem.Create("ask-wrong-type");
        var echo = system.ActorOf(Props.Create(() => new EchoActor()), "echo");

        var wrongType = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("text", TimeSpan.FromSeconds(3)));

        Assert.Contains("Int32", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("String", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_is_cancelled_by_its_token_and_leaves_nothing_behind()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("ask-cancel", clock);
        var silent = system.ActorOf(Props.Create(() => new SilentActor()), "silent");
        using var cancellation = new CancellationTokenSource();

        var asking = silent.Ask<string>(new Question(), TimeSpan.FromSeconds(5), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking);
        Assert.Equal(0, system.PendingAskCount);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public async Task Forward_keeps_the_original_sender()
    {
        await using var system = ActorSystem.Create("forward");
        var echo = system.ActorOf(Props.Create(() => new EchoActor()), "echo");
        var forwarder = system.ActorOf(Props.Create(() => new ForwardingActor(echo)), "forwarder");

        Assert.Equal("via forwarder", await forwarder.Ask<string>("via forwarder", TimeSpan.FromSeconds(3)));
    }

    private sealed record Question;

    private sealed class EchoActor : ActorBase
    {
        protected override void OnReceive(object message) => Sender!.Tell(message);
    }

    private sealed class ForwardingActor(IActorRef target) : ActorBase
    {
        protected override void OnReceive(object message) => target.Forward(message);
    }

    private sealed class SilentActor : ActorBase
    {
        private IActorRef? _asker;

        protected override void OnReceive(object message)
        {
            if (message is Question)
            {
                _asker = Sender;
            }
            else
            {
                _asker?.Tell(message);
            }
        }
    }
}
