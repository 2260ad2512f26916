namespace Agroal.Actors.Kernel;

/// <summary>
/// The mailbox: a user queue and a system queue, drained by one thread-pool work item at a time
/// (guarded by <see cref="_scheduled"/>). System messages go first, and are checked again after every user message.
/// </summary>
internal sealed partial class ActorCell : IThreadPoolWorkItem
{
    private readonly int _throughput;
    private MailboxQueue _mailbox;
    private SystemMessage? _systemHead;
    private int _scheduled;

    // Turn-local flags: written and read on the actor's turn only (the scheduling flag orders the turns).
    private bool _suspended;
    private bool _terminating;
    private volatile bool _terminated;

    internal bool IsTerminated => _terminated;

    /// <summary>User messages waiting in the mailbox (capped, approximate while messages flow); for metrics.</summary>
    internal int MailboxDepth => _mailbox.CountQueued(MailboxDepthLimit);

    private const int MailboxDepthLimit = 1_000_000;

    internal void EnqueueUser(object message, IActorRef? sender)
    {
        if (_terminated)
        {
            // A timer tick racing the stop is not a lost message: its timer was already cancelled.
            if (message is not TimerScheduler.TimerMessage)
            {
                System.PublishDeadLetter(message, sender, _self);
            }

            return;
        }

        _mailbox.Enqueue(message, sender);
        Schedule();
    }

    internal void SendSystemMessage(SystemMessage message)
    {
        SystemMessage? head;
        do
        {
            head = Volatile.Read(ref _systemHead);
            message.Next = head;
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _systemHead, message, head), head));

        Schedule();
    }

    private void Schedule()
    {
        // The plain read first keeps busy producers off the flag's cache line; both sides fence
        // (enqueue and the turn's reset are interlocked), so a message is never left unscheduled.
        if (Volatile.Read(ref _scheduled) == 0 && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = t_current;
        t_current = this;
        try
        {
            RunTurn();
        }
        catch (Exception ex)
        {
            // Every handler already catches; reaching here is a kernel bug. Never let it kill the process.
            KernelLog.MailboxTurnFailed(System.Logger, _self.Path, ex);
        }
        finally
        {
            t_current = previous;
        }

        Interlocked.Exchange(ref _scheduled, 0);
        if (HasPendingWork())
        {
            Schedule();
        }
    }

    private void RunTurn()
    {
        ProcessSystemMessages();
        for (int handled = 0; handled < _throughput && !_suspended; handled++)
        {
            if (!_mailbox.TryDequeue(out var message, out var sender))
            {
                break;
            }

            InvokeUser(message, sender);
            if (Volatile.Read(ref _systemHead) is not null)
            {
                ProcessSystemMessages();
            }
        }

        if (_terminated)
        {
            DrainToDeadLetters();
        }
    }

    private bool HasPendingWork() =>
        Volatile.Read(ref _systemHead) is not null || (_mailbox.HasMessages && (!_suspended || _terminated));

    private void ProcessSystemMessages()
    {
        var batch = Interlocked.Exchange(ref _systemHead, null);
        if (batch is null)
        {
            return;
        }

        // The queue is a stack: reverse it to handle messages in the order they were sent.
        SystemMessage? ordered = null;
        while (batch is not null)
        {
            var next = batch.Next;
            batch.Next = ordered;
            ordered = batch;
            batch = next;
        }

        while (ordered is not null)
        {
            var next = ordered.Next;
            ordered.Next = null;
            HandleSystemMessage(ordered);
            ordered = next;
        }
    }

    private void HandleSystemMessage(SystemMessage message)
    {
        if (_terminated)
        {
            if (message is SystemMessage.Watch lateWatch)
            {
                lateWatch.Watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(_self));
            }

            return;
        }

        try
        {
            switch (message)
            {
                case SystemMessage.Create:
                    CreateFirstInstance();
                    break;
                case SystemMessage.Terminate:
                    BeginTermination();
                    break;
                case SystemMessage.Watch watch:
                    AddWatcher(watch.Watcher);
                    break;
                case SystemMessage.Unwatch unwatch:
                    RemoveWatcher(unwatch.Watcher);
                    break;
                case SystemMessage.DeathWatchNotification notification:
                    WatchedActorTerminated(notification.Actor);
                    break;
                case SystemMessage.ChildTerminated childTerminated:
                    HandleChildTerminated(childTerminated.Child);
                    break;
                case SystemMessage.Failed failed:
                    HandleChildFailure(failed.Child, failed.Cause);
                    break;
                case SystemMessage.Resume:
                    ResumeAfterFailure();
                    break;
                case SystemMessage.Recreate recreate:
                    Recreate(recreate.Cause);
                    break;
            }
        }
        catch (Exception ex)
        {
            FailSelf(ex);
        }
    }

    private void InvokeUser(object message, IActorRef? sender)
    {
        _currentMessage = message;
        _currentSender = sender;
        try
        {
            switch (message)
            {
                case TimerScheduler.TimerMessage timerMessage:
                    if (_timers is null || !_timers.TryAccept(timerMessage))
                    {
                        return;
                    }

                    _currentMessage = timerMessage.Message;
                    _currentSender = null;
                    _actor!.ReceiveMessage(timerMessage.Message);
                    break;
                case PoisonPill:
                    BeginTermination();
                    break;
                case Kill:
                    throw new ActorKilledException($"Actor {_self.Path} was killed.");
                case Terminated terminated:
                    if (!TakeQueuedTerminated(terminated.ActorRef))
                    {
                        return;
                    }

                    _actor!.ReceiveMessage(terminated);
                    break;
                default:
                    _actor!.ReceiveMessage(message);
                    break;
            }
        }
        catch (Exception ex)
        {
            FailSelf(ex);
        }
        finally
        {
            _currentMessage = null;
            _currentSender = null;
        }
    }

    private void DrainToDeadLetters()
    {
        while (_mailbox.TryDequeue(out var message, out var sender))
        {
            if (message is not TimerScheduler.TimerMessage)
            {
                System.PublishDeadLetter(message, sender, _self);
            }
        }
    }
}
