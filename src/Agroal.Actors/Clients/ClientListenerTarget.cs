using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>Where the listener sends accepted sockets, and the running options it applies to them first; registered in the host's service container.</summary>
public sealed record ClientListenerTarget(IActorRef Clients, PoolerServices Services);
