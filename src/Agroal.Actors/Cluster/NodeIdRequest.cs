namespace Agroal.Actors.Cluster;

/// <summary>
/// A node to the <see cref="NodeIdAllocator"/>: "this is the id I hold (0: none yet)". Sent until the node has an id,
/// then again every few seconds so that an allocator started after a hand-over learns every holder. Crosses nodes
/// (Akka's default serializer).
/// </summary>
/// <param name="Member">The requesting member's incarnation (<see cref="NodeIdClaimsKey.EntryOf"/>).</param>
/// <param name="HeldId">The id the node holds now, 0 when it holds none.</param>
/// <param name="Sequence">Echoed in the grant: a node only takes the answer to its latest request.</param>
public sealed record NodeIdRequest(string Member, int HeldId, long Sequence);
