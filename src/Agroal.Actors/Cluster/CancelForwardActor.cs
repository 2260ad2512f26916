using Akka.Actor;

namespace Agroal.Actors.Cluster;

/// <summary>
/// Receives cancels forwarded by other nodes for keys this node issued and hands them to this node's own delivery,
/// which finds the session by the key and cancels its backend with the backend's real key, exactly as for a local
/// CancelRequest. An unknown key is dropped quietly there, as PostgreSQL does: a CancelRequest never gets a reply.
/// </summary>
public sealed class CancelForwardActor : ReceiveActor
{
    /// <summary>The path every node starts this actor under, so another node reaches it by address alone.</summary>
    public const string Name = "cancel-forward";

    public CancelForwardActor(Func<int, int, Task> deliverLocally)
    {
        ArgumentNullException.ThrowIfNull(deliverLocally);
        // Delivery connects to PostgreSQL: it runs off the actor so a slow server never holds up the next cancel.
        Receive<CancelForwardRequest>(request => _ = deliverLocally(request.ProcessId, request.SecretKey));
    }

    public static Props Props(Func<int, int, Task> deliverLocally) => Akka.Actor.Props.Create(() => new CancelForwardActor(deliverLocally));
}
