using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Actors.Kernel;

/// <summary>
/// Hosts a tree of actors under /user. All timers and Ask timeouts run on <see cref="TimeProvider"/>;
/// actors run on the .NET thread pool.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private readonly DeadLetterActorRef _deadLetters;
    private readonly TaskCompletionSource _whenTerminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _deadLetterCount;
    private long _unhandledMessageCount;
    private long _pendingAskCount;
    private long _tempNameCounter;
    private long _restartCount;

    private ActorSystem(string name, TimeProvider timeProvider, ILoggerFactory? loggerFactory, SupervisorStrategy guardianStrategy)
    {
        Name = name;
        TimeProvider = timeProvider;
        Logger = loggerFactory?.CreateLogger("Agroal.Actors.Kernel") ?? NullLogger.Instance;
        _deadLetters = new DeadLetterActorRef(this);
        _guardian = new ActorCell(this, null, "user", "akka://" + name + "/user", Props.Create(() => new GuardianActor(guardianStrategy)));
        _guardian.Start();
    }

    public string Name { get; }

    public TimeProvider TimeProvider { get; }

    public IActorRef DeadLetters => _deadLetters;

    /// <summary>User messages that reached no actor: sent to a stopped actor, left in its mailbox, or a late reply to a finished Ask.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    /// <summary>Messages actors passed to Unhandled (and FSM events no state handled).</summary>
    public long UnhandledMessageCount => Interlocked.Read(ref _unhandledMessageCount);

    public Task WhenTerminated => _whenTerminated.Task;

    /// <summary>Actors restarted by their supervisor since the system started.</summary>
    public long RestartCount => Interlocked.Read(ref _restartCount);

    /// <summary>User messages queued for <paramref name="actor"/> (0 for references that have no mailbox); cheap, allocation-free.</summary>
    public static int MailboxDepth(IActorRef actor) => actor is LocalActorRef local ? local.Cell.MailboxDepth : 0;

    internal ILogger Logger { get; }

    /// <summary>Asks still waiting for a reply or a timeout (their temporary references are live).</summary>
    internal long PendingAskCount => Interlocked.Read(ref _pendingAskCount);

    internal IActorRef Guardian => _guardian.Self;

    /// <param name="guardianStrategy">How /user supervises top-level actors; default: restart without limit.</param>
    public static ActorSystem Create(
        string name,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        SupervisorStrategy? guardianStrategy = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Actor system name '{name}' must not contain '/'.", nameof(name));
        }

        return new ActorSystem(name, timeProvider ?? TimeProvider.System, loggerFactory, guardianStrategy ?? SupervisorStrategy.DefaultStrategy);
    }

    /// <summary>Starts a top-level actor at /user/<paramref name="name"/>.</summary>
    public IActorRef ActorOf(Props props, string name) => _guardian.ActorOf(props, name);

    /// <summary>Starts a top-level actor with a generated name.</summary>
    public IActorRef ActorOf(Props props) => _guardian.ActorOf(props);

    /// <summary>Stops the actor (its children first); messages still queued go to dead letters.</summary>
    public void Stop(IActorRef actor) => ActorCell.StopAny(actor);

    /// <summary>Stops the /user tree, children before parents, then completes <see cref="WhenTerminated"/>.</summary>
    public Task Terminate()
    {
        _guardian.SendSystemMessage(new SystemMessage.Terminate());
        return WhenTerminated;
    }

    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    public override string ToString() => "akka://" + Name;

    internal void OnGuardianTerminated() => _whenTerminated.TrySetResult();

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        Interlocked.Increment(ref _deadLetterCount);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            KernelLog.DeadLetter(Logger, recipient.Path, message.GetType().Name, sender?.Path ?? "none");
        }
    }

    internal void PublishUnhandled(object message, IActorRef actor)
    {
        Interlocked.Increment(ref _unhandledMessageCount);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            KernelLog.UnhandledMessage(Logger, actor.Path, message.GetType().Name);
        }
    }

    internal void RecordRestart() => Interlocked.Increment(ref _restartCount);

    internal long NextTempId() => Interlocked.Increment(ref _tempNameCounter);

    internal void AskStarted() => Interlocked.Increment(ref _pendingAskCount);

    internal void AskEnded() => Interlocked.Decrement(ref _pendingAskCount);
}
