using System.Globalization;

namespace Agroal.Actors.Kernel;

/// <summary>
/// The temporary sender of one Ask. Completes on the first reply, on timeout or on cancellation; at that
/// moment its timer and cancellation registration are disposed and it stops counting as pending.
/// A reply arriving later is a dead letter. It can be watched: watchers hear of it when it completes.
/// </summary>
internal sealed class PromiseActorRef<T> : InternalActorRef
{
    private static readonly TimerCallback s_onTimeout = static state => ((PromiseActorRef<T>)state!).TimeOut();

    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem? _system;
    private readonly IActorRef _target;
    private readonly Type _messageType;
    private readonly TimeSpan _timeout;
    private readonly long _id;
    private List<InternalActorRef>? _watchers;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;
    private int _completed;

    public PromiseActorRef(ActorSystem? system, IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _system = system;
        _target = target;
        _messageType = message.GetType();
        _timeout = timeout;
        _id = system?.NextTempId() ?? 0;
        system?.AskStarted();
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = KernelTimer.Create(system?.TimeProvider ?? TimeProvider.System, s_onTimeout, this, timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PromiseActorRef<T>)state!).Complete(default, null, token, canceled: true),
                this);
        }

        if (Volatile.Read(ref _completed) != 0)
        {
            // Completed while being set up (already-cancelled token): release what was just made.
            _timer?.Dispose();
            _cancellation.Dispose();
        }
    }

    public Task<T> Task => _completion.Task;

    /// <summary>Built on demand (logs, dead letters): most asks never need it.</summary>
    public override string Path => "akka://" + (_system?.Name ?? "all-systems") + "/temp/$" + _id.ToString(CultureInfo.InvariantCulture);

    internal override ActorSystem? System => _system;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        bool accepted = message switch
        {
            Status.Failure failure => Complete(default, failure.Cause, default, canceled: false),
            T reply => Complete(reply, null, default, canceled: false),
            _ => Complete(default, new InvalidCastException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Ask to {_target.Path} expected a reply of type {typeof(T).Name} but received {message.GetType().Name}.")), default, canceled: false),
        };

        if (!accepted)
        {
            _system?.PublishDeadLetter(message, sender, this);
        }
    }

    internal override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case SystemMessage.Watch watch:
                lock (_completion)
                {
                    if (Volatile.Read(ref _completed) == 0)
                    {
                        (_watchers ??= []).Add(watch.Watcher);
                        return;
                    }
                }

                watch.Watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(this));
                break;
            case SystemMessage.Unwatch unwatch:
                lock (_completion)
                {
                    _watchers?.Remove(unwatch.Watcher);
                }

                break;
        }
    }

    private void TimeOut() => Complete(default, new AskTimeoutException(string.Create(
        CultureInfo.InvariantCulture,
        $"Ask timed out on {_target.Path} after {_timeout.TotalMilliseconds:0.###} ms waiting for a reply to a message of type {_messageType.FullName}.")), default, canceled: false);

    private bool Complete(T? result, Exception? failure, CancellationToken canceledBy, bool canceled)
    {
        List<InternalActorRef>? watchers;
        lock (_completion)
        {
            if (Interlocked.Exchange(ref _completed, 1) != 0)
            {
                return false;
            }

            watchers = _watchers;
            _watchers = null;
        }

        _timer?.Dispose();
        _cancellation.Dispose();
        _system?.AskEnded();
        if (watchers is not null)
        {
            foreach (var watcher in watchers)
            {
                watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(this));
            }
        }

        if (canceled)
        {
            _completion.TrySetCanceled(canceledBy);
        }
        else if (failure is not null)
        {
            _completion.TrySetException(failure);
        }
        else
        {
            _completion.TrySetResult(result!);
        }

        return true;
    }
}
