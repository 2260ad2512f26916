using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>
/// Where the listener sends accepted sockets, and the running options it applies to them first; registered in the
/// host's service container. Kestrel builds its handler before Akka.Hosting has started /clients, so the target is
/// bound afterwards and an accept that races the start waits for it.
/// </summary>
public sealed class ClientListenerTarget
{
    private readonly TaskCompletionSource<ClientListenerBinding> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _lastClientId;

    /// <summary>A number no other client of this host had (names the client's actor and its log lines).</summary>
    public long NextClientId() => Interlocked.Increment(ref _lastClientId);

    public void Bind(IActorRef clients, PoolerServices services)
    {
        _bound.TrySetResult(new ClientListenerBinding(clients, services));
    }

    /// <summary>Refuses waiting accepts when the actor system never started.</summary>
    public void Fail(Exception cause) => _bound.TrySetException(cause);

    public ValueTask<ClientListenerBinding> WhenBoundAsync()
    {
        var task = _bound.Task;
        return task.IsCompletedSuccessfully ? new ValueTask<ClientListenerBinding>(task.Result) : new ValueTask<ClientListenerBinding>(task);
    }
}
