namespace Agroal.Actors.Cluster;

/// <summary>
/// The <see cref="NodeIdAllocator"/>'s answer to a <see cref="NodeIdRequest"/>: the id the node holds from now on, and
/// every member's id for routing cancels. Crosses nodes (Akka's default serializer).
/// </summary>
/// <param name="Sequence">The request's sequence number.</param>
/// <param name="Ids">Every member's id, in step with <paramref name="Addresses"/>.</param>
/// <param name="Addresses">The members' addresses (akka.tcp://name@host:port).</param>
public sealed record NodeIdGrant(int NodeId, long Sequence, int[] Ids, string[] Addresses);
