using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>
/// The lifecycle of one client socket. The protocol work runs in its <see cref="ClientSession"/>, already started by
/// the listener; the actor watches it, stops it on request, and, if it fails, is stopped by its supervisor, which
/// cancels the session: the session then hands back whatever backend it held as unusable, so one bad client never
/// harms another.
/// </summary>
public sealed class ClientConnectionActor : UntypedActor
{
    private readonly ClientSession _session;
    private readonly Task _run;
    private readonly CancellationTokenSource _stop;

    public ClientConnectionActor(ClientSession session, Task run, CancellationTokenSource stop)
    {
        _session = session;
        _run = run;
        _stop = stop;
    }

    public ClientSession Session => _session;

    protected override void PreStart()
    {
        // Not PipeTo: that is a second await on the session's task, next to the listener's, and .NET runs all but one
        // await continuation of a task on the thread pool, so every login's end would wake a worker for it.
        // A synchronous ContinueWith runs on the thread that ended the session, and so does this (inline) mailbox.
        _run.ContinueWith(
            static (run, self) => ((IActorRef)self!).Tell(run.Exception is { } failure
                ? new ClientProtocol.SessionFailed(failure.InnerExceptions.Count == 1 ? failure.InnerException! : failure)
                : ClientProtocol.SessionEnded.Instance),
            Self,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientProtocol.SessionEnded:
                Context.Stop(Self);
                break;
            case ClientProtocol.SessionFailed failed:
                throw new ClientSessionFailedException(_session.Id, failed.Cause);
            case ClientProtocol.Disconnect:
                _stop.Cancel();
                break;
            case ClientProtocol.DisconnectIdle idle when _session.IsIdleSince(idle.IdleSinceTimestamp, idle.Force):
                _stop.Cancel();
                break;
            case ClientProtocol.DisconnectIdle:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PostStop()
    {
        _stop.Cancel();
    }
}
