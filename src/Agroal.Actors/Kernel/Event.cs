namespace Agroal.Actors.Kernel;

/// <summary>What an FSM state handler sees: the message and the current state data.</summary>
public sealed record Event<TData>(object FsmEvent, TData StateData);
