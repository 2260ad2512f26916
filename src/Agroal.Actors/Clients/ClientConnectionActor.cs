using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>
/// The lifecycle of one client socket at a time. The protocol work runs in its <see cref="ClientSession"/>, already
/// started by the listener; the actor watches it, stops it on request, and, if it fails, is stopped by its supervisor,
/// which cancels the session: the session then hands back whatever backend it held as unusable, so one bad client
/// never harms another. When a session ends well the actor puts itself among the <see cref="FreeClientActors"/> and
/// hosts the next accepted socket: a spawn and a stop per login cost about a seventh of a short-lived client's login,
/// and an actor between two sessions holds nothing.
/// </summary>
public sealed class ClientConnectionActor : UntypedActor
{
    private readonly FreeClientActors _free;
    private ClientProtocol.Accept? _hosted;

    public ClientConnectionActor(ClientProtocol.Accept first, FreeClientActors free)
    {
        _hosted = first;
        _free = free;
    }

    protected override void PreStart()
    {
        TellWhenEnded(_hosted!);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientProtocol.Accept accept:
                _hosted = accept;
                TellWhenEnded(accept);
                break;
            case ClientProtocol.SessionEnded ended when ReferenceEquals(ended.Accept, _hosted):
                _hosted = null;
                if (!_free.TryKeep(Self))
                {
                    Context.Stop(Self);
                }

                break;
            case ClientProtocol.SessionFailed failed when ReferenceEquals(failed.Accept, _hosted):
                throw new ClientSessionFailedException(failed.Accept.Session.Id, failed.Cause);
            case ClientProtocol.SessionEnded or ClientProtocol.SessionFailed:
                break;
            case ClientProtocol.Disconnect:
                _hosted?.Stop.Cancel();
                break;
            case ClientProtocol.DisconnectIdle idle when _hosted is { } hosted && hosted.Session.IsIdleSince(idle.IdleSinceTimestamp, idle.Force):
                hosted.Stop.Cancel();
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
        _hosted?.Stop.Cancel();
        // Stopped while free (by anything but itself): the listener must not hand the next socket to a dead actor.
        _free.Forget(Self);
    }

    private void TellWhenEnded(ClientProtocol.Accept accept)
    {
        // Not PipeTo: that is a second await on the session's task, next to the listener's, and .NET runs all but one
        // await continuation of a task on the thread pool, so every login's end would wake a worker for it.
        // A synchronous ContinueWith runs on the thread that ended the session, and so does this (inline) mailbox.
        accept.Run.ContinueWith(
            static (run, state) =>
            {
                var (self, accept) = (ClientProtocol.Hosting)state!;
                self.Tell(run.Exception is { } failure
                    ? new ClientProtocol.SessionFailed(accept, failure.InnerExceptions.Count == 1 ? failure.InnerException! : failure)
                    : new ClientProtocol.SessionEnded(accept));
            },
            new ClientProtocol.Hosting(Self, accept),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
