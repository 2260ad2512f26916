using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>/clients and the services its sessions share, once the actor system has started them.</summary>
public sealed record ClientListenerBinding(IActorRef Clients, PoolerServices Services);
