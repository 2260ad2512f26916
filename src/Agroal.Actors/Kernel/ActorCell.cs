namespace Agroal.Actors.Kernel;

/// <summary>
/// Runtime of one actor: mailbox, current instance, children, watches, timers. Everything but the
/// mailbox's producer side is touched only on the actor's own turn (one thread at a time).
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic]
    private static ActorCell? t_current;

    private readonly ActorCell? _parent;
    private readonly Props _props;
    private readonly LocalActorRef _self;

    private ActorBase? _actor;
    private object? _currentMessage;
    private IActorRef? _currentSender;
    private object? _failedMessage;
    private ChildrenContainer? _children;
    private TimerScheduler? _timers;

    internal ActorCell(ActorSystem system, ActorCell? parent, string name, string path, Props props)
    {
        System = system;
        _parent = parent;
        Name = name;
        _props = props;
        _throughput = props.Throughput;
        _self = new LocalActorRef(this, path);
        _mailbox = MailboxQueue.Create();
        _suspended = true;
    }

    /// <summary>The cell whose turn runs on this thread, if any.</summary>
    internal static ActorCell? Current => t_current;

    internal static IActorRef? CurrentSelf => t_current?._self;

    public ActorSystem System { get; }

    public string Name { get; }

    public IActorRef Self => _self;

    internal LocalActorRef SelfRef => _self;

    public IActorRef? Sender => _currentSender;

    public IActorRef? Parent => _parent?._self;

    /// <summary>Restart counts kept for this cell by its parent.</summary>
    internal ChildRestartStats? RestartStats { get; set; }

    internal ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    /// <summary>
    /// True on this cell's turn for its current instance, or while that instance is being constructed.
    /// A continuation after an await runs elsewhere and sees false.
    /// </summary>
    internal bool IsCurrentFor(ActorBase actor) =>
        ReferenceEquals(t_current, this) && (_actor is null || ReferenceEquals(_actor, actor));

    /// <summary>Makes the first instance; called once, right after the cell is attached to its parent.</summary>
    internal void Start() => SendSystemMessage(new SystemMessage.Create());

    public override string ToString() => _self.Path;
}
