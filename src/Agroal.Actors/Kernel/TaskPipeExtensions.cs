namespace Agroal.Actors.Kernel;

/// <summary>
/// Delivers the outcome of a task to an actor as a message: the way an actor uses async work without
/// touching its state off its turn. Failures arrive as <see cref="Status.Failure"/> unless mapped.
/// </summary>
public static class TaskPipeExtensions
{
    public static void PipeTo<T>(
        this Task<T> task,
        IActorRef recipient,
        IActorRef? sender = null,
        Func<T, object>? success = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        var pipe = new Pipe<T>(recipient, sender ?? ActorRefs.Nobody, success, failure);
        if (task.IsCompleted)
        {
            pipe.Deliver(task);
            return;
        }

        _ = task.ContinueWith(
            static (completed, state) => ((Pipe<T>)state!).Deliver(completed),
            pipe,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public static void PipeTo(
        this Task task,
        IActorRef recipient,
        IActorRef? sender = null,
        Func<object>? success = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        var pipe = new Pipe(recipient, sender ?? ActorRefs.Nobody, success, failure);
        if (task.IsCompleted)
        {
            pipe.Deliver(task);
            return;
        }

        _ = task.ContinueWith(
            static (completed, state) => ((Pipe)state!).Deliver(completed),
            pipe,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static Exception FailureOf(Task task)
    {
        if (task.IsCanceled)
        {
            return new TaskCanceledException(task);
        }

        var aggregate = task.Exception!;
        return aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate;
    }

    private sealed class Pipe<T>(IActorRef recipient, IActorRef sender, Func<T, object>? success, Func<Exception, object>? failure)
    {
        public void Deliver(Task<T> task)
        {
            object message;
            if (task.IsCompletedSuccessfully)
            {
                var result = task.Result;
                message = success is not null ? success(result) : (object?)result ?? new Status.Success(null);
            }
            else
            {
                var cause = FailureOf(task);
                message = failure is not null ? failure(cause) : new Status.Failure(cause);
            }

            recipient.Tell(message, sender);
        }
    }

    private sealed class Pipe(IActorRef recipient, IActorRef sender, Func<object>? success, Func<Exception, object>? failure)
    {
        public void Deliver(Task task)
        {
            object message;
            if (task.IsCompletedSuccessfully)
            {
                message = success is not null ? success() : new Status.Success(null);
            }
            else
            {
                var cause = FailureOf(task);
                message = failure is not null ? failure(cause) : new Status.Failure(cause);
            }

            recipient.Tell(message, sender);
        }
    }
}
