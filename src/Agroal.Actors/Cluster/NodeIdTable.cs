namespace Agroal.Actors.Cluster;

/// <summary>
/// Every member's id as the <see cref="NodeIdAllocator"/> holds them, pushed to each member when it changes so that
/// cancel routes follow a join or a removal at once. Crosses nodes (Akka's default serializer).
/// </summary>
public sealed record NodeIdTable(int[] Ids, string[] Addresses);
