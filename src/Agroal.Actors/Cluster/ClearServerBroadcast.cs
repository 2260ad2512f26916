namespace Agroal.Actors.Cluster;

/// <summary>
/// <c>clear server</c> on one node, published to every node's <see cref="PrimaryViewFollower"/> (Distributed Pub-Sub),
/// which clears the server in its pool. <paramref name="Origin"/> is the node that asked (it cleared its own pool first).
/// </summary>
public sealed record ClearServerBroadcast(string Server, string Origin)
{
    public const string Topic = "agroal-clear-server";
}
