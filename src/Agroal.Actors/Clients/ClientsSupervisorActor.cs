using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>/clients: parent of one <see cref="ClientConnectionActor"/> per socket; a failed child is stopped, nothing else.</summary>
public sealed class ClientsSupervisorActor : UntypedActor
{
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientProtocol.Accept accept:
            {
                Context.ActorOf(new ClientConnectionProps(accept), $"client-{accept.Session.Id}");
                break;
            }
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
                Sender?.Tell(Context.GetChildren().Count(), Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
