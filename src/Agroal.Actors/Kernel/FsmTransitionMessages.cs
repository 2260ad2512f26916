namespace Agroal.Actors.Kernel;

/// <summary>Send to an FSM to hear its <see cref="CurrentState{TState}"/> now and every <see cref="Transition{TState}"/> after.</summary>
public sealed record SubscribeTransitionCallBack(IActorRef ActorRef);

public sealed record UnsubscribeTransitionCallBack(IActorRef ActorRef);

public sealed record CurrentState<TState>(IActorRef FsmRef, TState State);

public sealed record Transition<TState>(IActorRef FsmRef, TState From, TState To);
