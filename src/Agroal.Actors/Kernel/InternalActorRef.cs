namespace Agroal.Actors.Kernel;

/// <summary>Base of every reference the kernel creates: it can also receive system messages.</summary>
internal abstract class InternalActorRef : IActorRef
{
    public abstract string Path { get; }

    internal abstract ActorSystem? System { get; }

    public abstract void Tell(object message, IActorRef? sender = null);

    /// <summary>
    /// References that never live (Nobody, dead letters) answer a watch at once, so a watcher is
    /// never left waiting for a Terminated that cannot come.
    /// </summary>
    internal virtual void SendSystemMessage(SystemMessage message)
    {
        if (message is SystemMessage.Watch watch && !ReferenceEquals(watch.Watcher, this))
        {
            watch.Watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(this));
        }
    }

    public override string ToString() => Path;
}
