using System.Globalization;
using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>
/// /clients: parent of the <see cref="ClientConnectionActor"/>s, each hosting one client socket at a time; a failed
/// child is stopped, nothing else. A child whose session ended well comes back as free and hosts the next accepted
/// socket, so a login neither spawns nor stops an actor while free ones are at hand.
/// </summary>
public sealed class ClientsSupervisorActor : UntypedActor
{
    /// <summary>
    /// Free actors kept beyond this are stopped: enough for any steady churn of short-lived clients, and a burst of
    /// thousands that then leaves does not keep thousands of idle actors.
    /// </summary>
    internal const int FreeActorsKept = 256;

    private readonly Stack<IActorRef> _free = new();
    private long _spawned;

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientProtocol.Accept accept:
                if (_free.TryPop(out var free))
                {
                    free.Tell(accept, Self);
                }
                else
                {
                    // Watched so that a free actor stopped by anything but this supervisor leaves the free stack.
                    Context.Watch(Context.ActorOf(new ClientConnectionProps(accept), "client-" + (++_spawned).ToString(CultureInfo.InvariantCulture)));
                }

                break;
            case ClientProtocol.Free when _free.Count < FreeActorsKept:
                _free.Push(Sender);
                break;
            case ClientProtocol.Free:
                Context.Stop(Sender);
                break;
            case Terminated terminated:
                ForgetFree(terminated.ActorRef);
                break;
            case ClientProtocol.DisconnectAll:
                foreach (var child in Context.GetChildren())
                {
                    child.Tell(ClientProtocol.Disconnect.Instance, Self);
                }

                break;
            case ClientProtocol.DisconnectIdle idle:
                foreach (var child in Context.GetChildren())
                {
                    child.Tell(idle, Self);
                }

                break;
            case ClientProtocol.CountClients:
                Sender?.Tell(Context.GetChildren().Count() - _free.Count, Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void ForgetFree(IActorRef stopped)
    {
        if (!_free.Contains(stopped))
        {
            return;
        }

        var kept = _free.ToArray();
        _free.Clear();
        for (var i = kept.Length - 1; i >= 0; i--)
        {
            if (!kept[i].Equals(stopped))
            {
                _free.Push(kept[i]);
            }
        }
    }
}
