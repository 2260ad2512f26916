using System.Collections.Concurrent;

namespace Agroal.Actors.Kernel.TestKit;

/// <summary>
/// The reference behind a <see cref="TestProbe"/>: every message lands straight in a blocking queue the test reads.
/// It never dies, so watching it never yields Terminated.
/// </summary>
internal sealed class ProbeActorRef(ActorSystem system, string path) : InternalActorRef
{
    private readonly HashSet<IActorRef> _watching = [];

    public override string Path => path;

    internal override ActorSystem System => system;

    internal BlockingCollection<(object Message, IActorRef? Sender)> Queue { get; } = [];

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Queue.Add((message, sender ?? ActorCell.CurrentSelf));
    }

    internal void Watch(InternalActorRef subject)
    {
        lock (_watching)
        {
            if (!_watching.Add(subject))
            {
                return;
            }
        }

        subject.SendSystemMessage(new SystemMessage.Watch(subject, this));
    }

    internal void Unwatch(InternalActorRef subject)
    {
        lock (_watching)
        {
            if (!_watching.Remove(subject))
            {
                return;
            }
        }

        subject.SendSystemMessage(new SystemMessage.Unwatch(subject, this));
    }

    internal override void SendSystemMessage(SystemMessage message)
    {
        if (message is SystemMessage.DeathWatchNotification notification)
        {
            lock (_watching)
            {
                if (!_watching.Remove(notification.Actor))
                {
                    return;
                }
            }

            Queue.Add((new Terminated(notification.Actor), notification.Actor));
        }
    }
}
