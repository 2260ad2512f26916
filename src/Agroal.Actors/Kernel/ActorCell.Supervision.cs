namespace Agroal.Actors.Kernel;

/// <summary>
/// Failure handling. A failing actor suspends itself and tells its parent; the parent's strategy answers
/// with Resume, Recreate, Terminate, or fails the parent in turn (Escalate).
/// </summary>
internal sealed partial class ActorCell
{
    private Exception? _pendingRecreateCause;

    private void FailSelf(Exception cause)
    {
        if (_terminating || _terminated)
        {
            KernelLog.FailedWhileStopping(System.Logger, _self.Path, cause);
            return;
        }

        _suspended = true;
        _failedMessage = _currentMessage;
        if (_parent is null)
        {
            KernelLog.GuardianFailed(System.Logger, _self.Path, cause);
            BeginTermination();
            return;
        }

        _parent.SendSystemMessage(new SystemMessage.Failed(this, cause));
    }

    private void HandleChildFailure(ActorCell child, Exception cause)
    {
        if (_terminating || _children is null || !_children.Contains(child))
        {
            return;
        }

        var strategy = _actor?.GetSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        Directive directive;
        try
        {
            directive = strategy.Decide(cause);
        }
        catch (Exception deciderFailure)
        {
            FailSelf(deciderFailure);
            return;
        }

        switch (directive)
        {
            case Directive.Resume:
                KernelLog.ChildResumed(System.Logger, child.SelfRef.Path, cause);
                child.SendSystemMessage(new SystemMessage.Resume());
                break;
            case Directive.Restart:
                if (strategy.RequestRestartPermission(child.RestartStats ??= new ChildRestartStats(), System.TimeProvider))
                {
                    KernelLog.ChildRestarted(System.Logger, child.SelfRef.Path, cause);
                    System.RecordRestart();
                    child.SendSystemMessage(new SystemMessage.Recreate(cause));
                }
                else
                {
                    KernelLog.ChildRestartLimitReached(System.Logger, child.SelfRef.Path, cause);
                    StopChild(child);
                }

                break;
            case Directive.Escalate:
                KernelLog.ChildFailureEscalated(System.Logger, child.SelfRef.Path, cause);
                FailSelf(cause);
                break;
            default:
                KernelLog.ChildStopped(System.Logger, child.SelfRef.Path, cause);
                StopChild(child);
                break;
        }
    }

    private void ResumeAfterFailure()
    {
        if (_terminating)
        {
            return;
        }

        if (_actor is null)
        {
            // Nothing to resume (the constructor failed): resuming means trying to start again.
            CreateFirstInstance();
            return;
        }

        _failedMessage = null;
        _suspended = false;
    }

    private void Recreate(Exception cause)
    {
        if (_terminating)
        {
            return;
        }

        _timers?.CancelAll();
        var failed = _actor;
        if (failed is not null)
        {
            try
            {
                failed.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception ex)
            {
                KernelLog.LifecycleHookFailed(System.Logger, _self.Path, ActorBase.PreRestartHook, ex);
            }
        }

        _failedMessage = null;
        _actor = null;
        if (_children is not null && _children.HasStoppingChildren)
        {
            // PreRestart stopped children: their names must be free before the new instance may reuse them.
            _pendingRecreateCause = cause;
            return;
        }

        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        try
        {
            var fresh = NewInstance();
            fresh.InvokePostRestart(cause);
            _suspended = false;
        }
        catch (Exception ex)
        {
            FailSelf(new ActorInitializationException($"Actor {_self.Path} failed to restart: {ex.Message}", ex));
        }
    }
}
