namespace Agroal.Actors.Kernel;

/// <summary>Creation and termination. Stopping waits for every child's termination before PostStop.</summary>
internal sealed partial class ActorCell
{
    private void CreateFirstInstance()
    {
        try
        {
            var actor = NewInstance();
            actor.InvokePreStart();
            _suspended = false;
        }
        catch (Exception ex)
        {
            FailSelf(new ActorInitializationException($"Actor {_self.Path} failed to start: {ex.Message}", ex));
        }
    }

    /// <summary>Runs the Props factory on this turn, so the instance's constructor can reach Self and Context.</summary>
    private ActorBase NewInstance()
    {
        var previous = _actor;
        _actor = null;
        var actor = _props.NewActor();
        if (actor is null || !ReferenceEquals(actor.Cell, this) || ReferenceEquals(actor, previous))
        {
            throw new InvalidOperationException(
                $"The Props factory of {_self.Path} must return a new {_props.ActorType.Name} created inside the factory.");
        }

        _actor = actor;
        return actor;
    }

    internal void BeginTermination()
    {
        if (_terminating || _terminated)
        {
            return;
        }

        _terminating = true;
        _suspended = true;
        _timers?.CancelAll();
        var children = _children?.CloseAndMarkAllStopping() ?? [];
        if (children.Length == 0)
        {
            FinishTermination();
            return;
        }

        foreach (var child in children)
        {
            child.SendSystemMessage(new SystemMessage.Terminate());
        }
    }

    private void HandleChildTerminated(ActorCell child)
    {
        _children?.Remove(child);
        if (_terminating)
        {
            if (_children is null || _children.Count == 0)
            {
                FinishTermination();
            }
        }
        else if (_pendingRecreateCause is { } cause && !(_children?.HasStoppingChildren ?? false))
        {
            _pendingRecreateCause = null;
            FinishRecreate(cause);
        }
    }

    private void FinishTermination()
    {
        var actor = _actor;
        if (actor is not null)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception ex)
            {
                KernelLog.LifecycleHookFailed(System.Logger, _self.Path, ActorBase.PostStopHook, ex);
            }
        }

        _actor = null;
        _pendingRecreateCause = null;
        _terminated = true;
        NotifyWatchersAndUnwatchAll();
        if (_parent is not null)
        {
            _parent.SendSystemMessage(new SystemMessage.ChildTerminated(this));
        }
        else
        {
            System.OnGuardianTerminated();
        }

        DrainToDeadLetters();
    }
}
