using Akka.Actor;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Pool.Lanes;

namespace Agroal.Actors.Clients;

/// <summary>The lease fast path: an idle backend of this session's lane is taken and given back on the session's own thread.</summary>
public sealed partial class ClientSession
{
    private PoolLane? _lane;

    /// <summary>An idle backend of this session's pool key, without asking the pool manager; null when it must be asked.</summary>
    private BackendConnection? TryLeaseWithoutMessage()
    {
        if (_services.Lanes is not { } lanes || _key is null)
        {
            return null;
        }
        // Resolved once per session: the key never changes after login.
        var lane = _lane ??= lanes.For(_key);
        return lane.TryLease(_leases.Holder, ApplicationName);
    }

    /// <summary>
    /// Gives a backend back: a clean one on this thread when nobody waits and the pool manager has nothing to decide
    /// about it; otherwise (dirty, flagged, aged out, clients queued) as a Release message to the pool manager.
    /// </summary>
    private void ReturnToPool(BackendConnection backend, bool reusable)
    {
        if (reusable && _services.Lanes is { } lanes && backend.Poolable && !backend.IsClosed)
        {
            switch (lanes.TryReturn(backend))
            {
                case ReturnOutcome.Returned:
                    return;
                case ReturnOutcome.ReturnedWhileWaited:
                    _services.Pool.Tell(PoolProtocol.ReturnedWhileWaited.Instance, ActorRefs.NoSender);
                    return;
            }
        }
        _services.Pool.Tell(new PoolProtocol.Release(backend, reusable), ActorRefs.NoSender);
    }
}
