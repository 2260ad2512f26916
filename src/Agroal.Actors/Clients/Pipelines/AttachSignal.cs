using System.Threading.Tasks.Sources;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// Hands the transaction relay's server loop its next backend (or null: stop) without allocating: one reusable
/// completion per relay, armed by the server loop when it gives a backend back and set once by the client loop's
/// next attach or by the relay's stop. The continuation runs on the setting thread, so a new transaction's loop
/// starts without a thread hand-off.
/// </summary>
internal sealed class AttachSignal : IValueTaskSource<BackendConnection?>
{
    private ManualResetValueTaskSourceCore<BackendConnection?> _core = new() { RunContinuationsAsynchronously = false };

    /// <summary>Called by the server loop, before the client loop can see that no backend is attached.</summary>
    public void Arm() => _core.Reset();

    public ValueTask<BackendConnection?> WaitAsync() => new(this, _core.Version);

    /// <summary>Called at most once per <see cref="Arm"/> (the relay's lock decides who).</summary>
    public void Set(BackendConnection? next) => _core.SetResult(next);

    BackendConnection? IValueTaskSource<BackendConnection?>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<BackendConnection?>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<BackendConnection?>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
