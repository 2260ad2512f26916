using System.Diagnostics;
using System.Globalization;

namespace Agroal.Actors.Kernel.TestKit;

/// <summary>
/// A stand-in actor for tests: collects what is sent to <see cref="Ref"/> and lets the test expect it, waiting
/// in real time (default 3 s). Expectation failures throw <see cref="TestKitAssertionException"/>.
/// </summary>
public sealed class TestProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private static int s_probeCounter;

    private readonly ProbeActorRef _ref;

    public TestProbe(ActorSystem system, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
        int number = Interlocked.Increment(ref s_probeCounter);
        _ref = new ProbeActorRef(system, "akka://" + system.Name + "/system/" + (name ?? "testProbe-" + number.ToString(CultureInfo.InvariantCulture)));
    }

    public ActorSystem System { get; }

    public IActorRef Ref => _ref;

    /// <summary>Sender of the last message received by an expectation.</summary>
    public IActorRef? LastSender { get; private set; }

    /// <summary>Messages received and not yet taken by an expectation.</summary>
    public int PendingMessageCount => _ref.Queue.Count;

    /// <summary>Watches <paramref name="actor"/>: a <see cref="Terminated"/> for it arrives exactly once, also if it is already dead.</summary>
    public IActorRef Watch(IActorRef actor) => Change(actor, watch: true);

    public IActorRef Unwatch(IActorRef actor) => Change(actor, watch: false);

    /// <summary>Sends with the probe as sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, _ref);
    }

    /// <summary>Answers the sender of the last message received.</summary>
    public void Reply(object message)
    {
        var sender = LastSender ?? throw new TestKitAssertionException("Reply needs a sender, but the last message received had none (or none was received).");
        sender.Tell(message, _ref);
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the sender of the last message received.</summary>
    public void Forward(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, LastSender ?? ActorRefs.Nobody);
    }

    /// <summary>The next message, whatever it is.</summary>
    public object ReceiveOne(TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        return TryReceive(limit, out var message)
            ? message
            : throw new TestKitAssertionException($"{_ref.Path}: no message received within {Describe(limit)}.");
    }

    /// <summary>The next message, which must be a <typeparamref name="T"/>.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        if (!TryReceive(limit, out var message))
        {
            throw new TestKitAssertionException($"{_ref.Path}: expected a {typeof(T).Name} within {Describe(limit)} but received nothing.");
        }

        return message is T typed
            ? typed
            : throw new TestKitAssertionException($"{_ref.Path}: expected a {typeof(T).Name} but received {Describe(message)}.");
    }

    /// <summary>The next message, which must be a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var message = ExpectMsg<T>(timeout);
        return predicate(message)
            ? message
            : throw new TestKitAssertionException($"{_ref.Path}: received {Describe(message)}, which does not satisfy the expectation.");
    }

    /// <summary>The next message, which must equal <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
        where T : notnull
    {
        var message = ExpectMsg<T>(timeout);
        return EqualityComparer<T>.Default.Equals(message, expected)
            ? message
            : throw new TestKitAssertionException($"{_ref.Path}: expected {Describe(expected)} but received {Describe(message)}.");
    }

    /// <summary>Waits <paramref name="duration"/> (real time) and fails if any message arrives meanwhile.</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        if (TryReceive(duration, out var message))
        {
            throw new TestKitAssertionException($"{_ref.Path}: expected no message for {Describe(duration)} but received {Describe(message)}.");
        }
    }

    /// <summary>The next message must be the Terminated of <paramref name="actor"/> (call <see cref="Watch"/> first).</summary>
    public Terminated ExpectTerminated(IActorRef actor, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var limit = timeout ?? DefaultTimeout;
        if (!TryReceive(limit, out var message))
        {
            throw new TestKitAssertionException($"{_ref.Path}: expected Terminated of {actor.Path} within {Describe(limit)} but received nothing (did the probe Watch it?).");
        }

        return message is Terminated terminated && ReferenceEquals(terminated.ActorRef, actor)
            ? terminated
            : throw new TestKitAssertionException($"{_ref.Path}: expected Terminated of {actor.Path} but received {Describe(message)}.");
    }

    /// <summary>Skips messages until one satisfies <paramref name="isTheOne"/>, all within the timeout.</summary>
    public object FishForMessage(Func<object, bool> isTheOne, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isTheOne);
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        var skipped = new List<string>();
        while (true)
        {
            var left = limit - clock.Elapsed;
            if (left < TimeSpan.Zero || !TryReceive(left, out var message))
            {
                throw new TestKitAssertionException(
                    $"{_ref.Path}: no matching message within {Describe(limit)}; skipped [{string.Join(", ", skipped)}].");
            }

            if (isTheOne(message))
            {
                return message;
            }

            skipped.Add(Describe(message));
        }
    }

    private IActorRef Change(IActorRef actor, bool watch)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var subject = actor as InternalActorRef
            ?? throw new NotSupportedException($"Cannot watch {actor.Path}: only references made by an ActorSystem can be watched.");
        if (watch)
        {
            _ref.Watch(subject);
        }
        else
        {
            _ref.Unwatch(subject);
        }

        return actor;
    }

    private bool TryReceive(TimeSpan timeout, out object message)
    {
        if (_ref.Queue.TryTake(out var item, timeout))
        {
            message = item.Message;
            LastSender = item.Sender;
            return true;
        }

        message = null!;
        return false;
    }

    private static string Describe(object? message) => message is null ? "null" : message.GetType().Name + " " + message;

    private static string Describe(TimeSpan duration) => duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
