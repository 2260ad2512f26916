namespace Agroal.Actors.Kernel;

/// <summary>The next state an FSM handler returns; immutable, built with GoTo/Stay/Stop and the methods below.</summary>
public sealed class State<TState, TData>
{
    internal State(TState stateName, TData stateData, TimeSpan? timeout = null, bool notifies = false, bool isStop = false, IReadOnlyList<object>? replies = null)
    {
        StateName = stateName;
        StateData = stateData;
        Timeout = timeout;
        Notifies = notifies;
        IsStop = isStop;
        Replies = replies ?? [];
    }

    public TState StateName { get; }

    public TData StateData { get; }

    /// <summary>Overrides the state's timeout from When for this stay in the state.</summary>
    public TimeSpan? Timeout { get; }

    public bool IsStop { get; }

    public IReadOnlyList<object> Replies { get; }

    /// <summary>True for GoTo (transition listeners hear it even when the name stays the same), false for Stay.</summary>
    internal bool Notifies { get; }

    public State<TState, TData> Using(TData nextStateData) =>
        new(StateName, nextStateData, Timeout, Notifies, IsStop, Replies);

    public State<TState, TData> ForMax(TimeSpan timeout) =>
        new(StateName, StateData, timeout, Notifies, IsStop, Replies);

    /// <summary>Replies to the sender of the current event once the state is applied.</summary>
    public State<TState, TData> Replying(object reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var replies = new object[Replies.Count + 1];
        for (int i = 0; i < Replies.Count; i++)
        {
            replies[i] = Replies[i];
        }

        replies[^1] = reply;
        return new(StateName, StateData, Timeout, Notifies, IsStop, replies);
    }
}
