namespace Agroal.Actors.Cluster;

/// <summary>One member as this node sees it.</summary>
/// <param name="Address">akka.tcp://name@host:port.</param>
/// <param name="Status">Akka's member status: Joining, WeaklyUp, Up, Leaving, Exiting, Down, Removed.</param>
/// <param name="Roles">The member's roles, comma-separated.</param>
/// <param name="Reachable">False while this node's failure detector (or another's, gossiped) marks it unreachable.</param>
public sealed record ClusterMemberEntry(string Address, string Status, string Roles, bool Reachable);
