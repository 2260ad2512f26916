using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>
/// The <see cref="ClientConnectionActor"/>s whose session ended well, ready to host the next accepted socket. Shared
/// by the listener, which hands an accepted session straight to one of them (one message instead of two through
/// /clients), the actors, which put themselves back when their session ends, and /clients, which spawns when none is
/// free. An actor stopped while free takes itself out. Under a lock: two uncontended entries per login.
/// </summary>
public sealed class FreeClientActors
{
    /// <summary>
    /// Free actors beyond this stop instead: enough for any steady churn of short-lived clients, and a burst of
    /// thousands that then leaves does not keep thousands of idle actors.
    /// </summary>
    public const int Kept = 256;

    private readonly Stack<IActorRef> _free = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _free.Count;
            }
        }
    }

    public bool TryTake(out IActorRef actor)
    {
        lock (_gate)
        {
            return _free.TryPop(out actor!);
        }
    }

    /// <summary>Keeps an actor whose session ended; false when enough are kept, and it should stop.</summary>
    public bool TryKeep(IActorRef actor)
    {
        lock (_gate)
        {
            if (_free.Count >= Kept)
            {
                return false;
            }

            _free.Push(actor);
            return true;
        }
    }

    /// <summary>Drops an actor that stopped while free (rare: only something outside /clients stops a free one).</summary>
    public void Forget(IActorRef stopped)
    {
        lock (_gate)
        {
            if (!_free.Contains(stopped))
            {
                return;
            }

            var kept = _free.ToArray();
            _free.Clear();
            for (var i = kept.Length - 1; i >= 0; i--)
            {
                if (!kept[i].Equals(stopped))
                {
                    _free.Push(kept[i]);
                }
            }
        }
    }
}
