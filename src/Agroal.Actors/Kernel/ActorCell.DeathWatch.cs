namespace Agroal.Actors.Kernel;

/// <summary>
/// Death watch. A Terminated is queued as a user message at most once per watch; Unwatch also drops one
/// already queued, so an actor never sees a Terminated for an actor it no longer watches.
/// </summary>
internal sealed partial class ActorCell
{
    private HashSet<InternalActorRef>? _watching;
    private HashSet<InternalActorRef>? _watchedBy;
    private HashSet<IActorRef>? _terminatedQueued;

    public IActorRef Watch(IActorRef subject)
    {
        var target = AsInternal(subject);
        if (ReferenceEquals(target, _self))
        {
            return subject;
        }

        if ((_watching ??= []).Add(target))
        {
            target.SendSystemMessage(new SystemMessage.Watch(target, _self));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var target = AsInternal(subject);
        _terminatedQueued?.Remove(target);
        if (_watching is not null && _watching.Remove(target))
        {
            target.SendSystemMessage(new SystemMessage.Unwatch(target, _self));
        }

        return subject;
    }

    private static InternalActorRef AsInternal(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject as InternalActorRef
            ?? throw new NotSupportedException($"Cannot watch {subject.Path}: only references made by an ActorSystem can be watched.");
    }

    private void AddWatcher(InternalActorRef watcher)
    {
        if (!ReferenceEquals(watcher, _self))
        {
            (_watchedBy ??= []).Add(watcher);
        }
    }

    private void RemoveWatcher(InternalActorRef watcher) => _watchedBy?.Remove(watcher);

    private void WatchedActorTerminated(InternalActorRef actor)
    {
        if (_terminating || _watching is null || !_watching.Remove(actor))
        {
            return;
        }

        (_terminatedQueued ??= []).Add(actor);
        _mailbox.Enqueue(new Terminated(actor), actor);
    }

    private bool TakeQueuedTerminated(IActorRef actor) => _terminatedQueued is not null && _terminatedQueued.Remove(actor);

    private void NotifyWatchersAndUnwatchAll()
    {
        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
            {
                watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(_self));
            }

            _watchedBy = null;
        }

        if (_watching is not null)
        {
            foreach (var subject in _watching)
            {
                subject.SendSystemMessage(new SystemMessage.Unwatch(subject, _self));
            }

            _watching = null;
        }

        _terminatedQueued = null;
    }
}
