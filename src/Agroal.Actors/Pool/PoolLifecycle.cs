namespace Agroal.Actors.Pool;

/// <summary>
/// What the pool manager's operator decisions change outside the actor: the disabled databases (read at client
/// login), whether new clients are refused (graceful shutdown), and when the process should exit.
/// </summary>
public sealed class PoolLifecycle
{
    private readonly TaskCompletionSource<bool> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _refusingNewClients;

    public DisabledDatabases DisabledDatabases { get; } = new();

    public bool RefusingNewClients => _refusingNewClients;

    /// <summary>Called with the new value whenever the refusal of new clients changes (the host wires it to the listener side).</summary>
    public Action<bool>? RefuseNewClientsChanged { get; set; }

    /// <summary>Completes when the process should exit: true after a graceful shutdown finished, false for an immediate one.</summary>
    public Task<bool> ExitRequested => _exit.Task;

    internal void SetRefusingNewClients(bool refuse)
    {
        _refusingNewClients = refuse;
        RefuseNewClientsChanged?.Invoke(refuse);
    }

    internal void RequestExit(bool graceful) => _exit.TrySetResult(graceful);
}
