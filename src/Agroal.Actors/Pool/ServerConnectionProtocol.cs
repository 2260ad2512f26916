using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool;

/// <summary>Messages a <see cref="ServerConnectionActor"/> receives.</summary>
public static class ServerConnectionProtocol
{
    public sealed record Connect(ServerEndpoint Server, BackendLogin Login, TimeSpan Timeout);

    /// <summary>The pool manager moved the slot; the actor's FSM follows so that its state is always the slot's state.</summary>
    public sealed record Assign(SlotState State);

    /// <summary>Close the backend (Terminate first when it is clean) and stop.</summary>
    public sealed record Close(bool Clean);

    internal sealed record LoginCompleted(BackendLoginResult Result);
}
