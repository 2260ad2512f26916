using System.Globalization;
using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>
/// /clients: parent of the <see cref="ClientConnectionActor"/>s, each hosting one client socket at a time; a failed
/// child is stopped, nothing else. The listener hands a session to a free child itself (<see cref="FreeClientActors"/>)
/// and sends it here only when none is free, so a login spawns an actor only when more clients are connected than
/// ever were at once (up to the free actors kept).
/// </summary>
public sealed class ClientsSupervisorActor(FreeClientActors free) : UntypedActor
{
    private long _spawned;

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientProtocol.Accept accept:
                if (free.TryTake(out var actor))
                {
                    actor.Tell(accept, Self);
                }
                else
                {
                    Context.ActorOf(new ClientConnectionProps(accept, free), "client-" + (++_spawned).ToString(CultureInfo.InvariantCulture));
                }

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
                Sender?.Tell(Context.GetChildren().Count() - free.Count, Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
