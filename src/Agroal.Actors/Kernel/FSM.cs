namespace Agroal.Actors.Kernel;

/// <summary>
/// Akka's finite state machine: declare states with When in the constructor, StartWith, then Initialize.
/// A state's timeout fires <see cref="StateTimeout"/> when no message arrives for that long in the state;
/// any message re-arms it and leaving the state cancels it (on the system's TimeProvider).
/// </summary>
public abstract partial class FSM<TState, TData> : ActorBase
    where TState : notnull
{
    private static readonly object StateTimeoutKey = new();

    private readonly Dictionary<TState, Func<Event<TData>, State<TState, TData>?>> _handlers = [];
    private readonly Dictionary<TState, TimeSpan?> _stateTimeouts = [];
    private readonly List<Action<TState, TState>> _transitionHandlers = [];
    private List<IActorRef>? _listeners;
    private Func<Event<TData>, State<TState, TData>?>? _unhandledHandler;
    private State<TState, TData>? _current;
    private State<TState, TData>? _next;

    public TState StateName => Current.StateName;

    public TData StateData => Current.StateData;

    /// <summary>The data of the state being entered; valid inside OnTransition handlers.</summary>
    protected TData NextStateData =>
        _next is { } next ? next.StateData : throw new InvalidOperationException("NextStateData is only available inside an OnTransition handler.");

    private State<TState, TData> Current =>
        _current ?? throw new InvalidOperationException($"{GetType().Name} has no state: call StartWith in the constructor.");

    protected void StartWith(TState state, TData data, TimeSpan? timeout = null) => _current = new(state, data, timeout);

    /// <summary>Handles events in <paramref name="state"/>; return null to leave an event unhandled. Later handlers for the same state run after earlier ones.</summary>
    protected void When(TState state, Func<Event<TData>, State<TState, TData>?> handler, TimeSpan? stateTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_handlers.TryGetValue(state, out var earlier))
        {
            _handlers[state] = e => earlier(e) ?? handler(e);
        }
        else
        {
            _handlers[state] = handler;
        }

        if (stateTimeout.HasValue || !_stateTimeouts.ContainsKey(state))
        {
            _stateTimeouts[state] = stateTimeout;
        }
    }

    protected void WhenUnhandled(Func<Event<TData>, State<TState, TData>?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _unhandledHandler = handler;
    }

    /// <summary>Runs on every transition (GoTo), with (from, to); StateData is still the old data, NextStateData the new.</summary>
    protected void OnTransition(Action<TState, TState> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _transitionHandlers.Add(handler);
    }

    /// <summary>Enters the StartWith state (arming its timeout); call last in the constructor.</summary>
    protected void Initialize() => MakeTransition(Current);

    protected State<TState, TData> GoTo(TState next) => new(next, Current.StateData, notifies: true);

    protected State<TState, TData> Stay() => new(Current.StateName, Current.StateData);

    protected State<TState, TData> Stop() => new(Current.StateName, Current.StateData, isStop: true);
}
