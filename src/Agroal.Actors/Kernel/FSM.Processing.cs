namespace Agroal.Actors.Kernel;

/// <summary>Event processing and transitions.</summary>
public abstract partial class FSM<TState, TData>
{
    protected sealed override void OnReceive(object message)
    {
        switch (message)
        {
            case SubscribeTransitionCallBack subscribe:
                (_listeners ??= []).Add(subscribe.ActorRef);
                subscribe.ActorRef.Tell(new CurrentState<TState>(Self, StateName), Self);
                return;
            case UnsubscribeTransitionCallBack unsubscribe:
                _listeners?.Remove(unsubscribe.ActorRef);
                return;
        }

        // Any event in a state restarts its timeout, as in Akka.
        Timers.Cancel(StateTimeoutKey);
        var current = Current;
        var fsmEvent = new Event<TData>(message, current.StateData);
        State<TState, TData>? next = null;
        if (_handlers.TryGetValue(current.StateName, out var handler))
        {
            next = handler(fsmEvent);
        }

        next ??= _unhandledHandler?.Invoke(fsmEvent);
        if (next is null)
        {
            Cell.System.PublishUnhandled(message, Self);
            KernelLog.FsmUnhandledEvent(Cell.System.Logger, Self.Path, current.StateName.ToString() ?? string.Empty, message.GetType().Name);
            next = Stay();
        }

        ApplyState(next);
    }

    private void ApplyState(State<TState, TData> next)
    {
        if (next.Replies.Count > 0)
        {
            var sender = Sender;
            if (sender is not null)
            {
                for (int i = 0; i < next.Replies.Count; i++)
                {
                    sender.Tell(next.Replies[i], Self);
                }
            }
        }

        if (next.IsStop)
        {
            _current = next;
            Context.Stop(Self);
            return;
        }

        MakeTransition(next);
    }

    private void MakeTransition(State<TState, TData> next)
    {
        if (!_handlers.ContainsKey(next.StateName))
        {
            throw new InvalidOperationException($"{GetType().Name} has no When handler for state {next.StateName}.");
        }

        var from = _current!.StateName;
        bool notify = next.Notifies || !EqualityComparer<TState>.Default.Equals(from, next.StateName);
        if (notify)
        {
            _next = next;
            try
            {
                for (int i = 0; i < _transitionHandlers.Count; i++)
                {
                    _transitionHandlers[i](from, next.StateName);
                }
            }
            finally
            {
                _next = null;
            }
        }

        _current = next;
        var timeout = next.Timeout ?? _stateTimeouts.GetValueOrDefault(next.StateName);
        if (timeout is { } due && due != Timeout.InfiniteTimeSpan)
        {
            Timers.StartSingleTimer(StateTimeoutKey, StateTimeout.Instance, due);
        }

        // Listeners last, so that one told of a transition sees the state's timeout already armed.
        if (notify && _listeners is not null)
        {
            var transition = new Transition<TState>(Self, from, next.StateName);
            for (int i = 0; i < _listeners.Count; i++)
            {
                _listeners[i].Tell(transition, Self);
            }
        }
    }
}
