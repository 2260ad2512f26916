using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool;

/// <summary>Messages a <see cref="ServerConnectionActor"/> receives.</summary>
public static partial class ServerConnectionProtocol
{
    /// <param name="DetectRole">Ask <c>pg_is_in_recovery()</c> after login: the first login to a server tells its role.</param>
    public sealed record Connect(ServerEndpoint Server, BackendLogin Login, TimeSpan Timeout, bool DetectRole = false);

    /// <summary>The pool manager moved the slot; the actor's FSM follows so that its state is always the slot's state.</summary>
    public sealed record Assign(SlotState State);

    /// <summary>Close the backend (Terminate first when it is clean) and stop.</summary>
    public sealed record Close(bool Clean);

    internal sealed record LoginCompleted(BackendLoginResult Result, bool? InRecovery = null);
}
