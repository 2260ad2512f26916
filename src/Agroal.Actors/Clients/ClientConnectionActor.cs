using Akka.Actor;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Clients;

/// <summary>
/// The lifecycle of one client socket. The protocol work runs in its <see cref="ClientSession"/>; the actor starts
/// it, stops it on request, and, if anything throws, is stopped by its supervisor, which cancels the session: the
/// session then hands back whatever backend it held as unusable, so one bad client never harms another.
/// </summary>
public sealed class ClientConnectionActor : UntypedActor
{
    private readonly ConnectionContext _connection;
    private readonly TaskCompletionSource _done;
    private readonly ClientSession _session;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public ClientConnectionActor(long id, ConnectionContext connection, PoolerServices services, TaskCompletionSource done)
    {
        _connection = connection;
        _done = done;
        _session = new ClientSession(id, connection, services);
    }

    public ClientSession Session => _session;

    protected override void PreStart()
    {
        _run = Task.Factory.StartNew(static state => ((ClientConnectionActor)state!).RunSessionAsync(), this,
            CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        _run.PipeTo(Self, success: static () => ClientProtocol.SessionEnded.Instance, failure: static ex => new ClientProtocol.SessionFailed(ex));
    }

    private Task RunSessionAsync() => _session.RunAsync(_stop.Token);

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
        if (_run is null)
        {
            _connection.Abort();
            _done.TrySetResult();
            return;
        }
        // The connection is finished only once the session has given back what it held.
        _run.ContinueWith(static (_, state) => ((TaskCompletionSource)state!).TrySetResult(), _done,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
